/** An imported model opens laid out readably: a short chain on one line, a long one wrapped into rows that read left to right. */
import { describe, expect, it } from 'vitest';
import { emptyDocument, type DocEdge, type DocNode, type ProjectDocument } from '../../../core/graph/document';
import { layoutDocument } from '../../../core/import/layout';

function chain(layers: number): ProjectDocument {
  const nodes: DocNode[] = Array.from({ length: layers }, (_, i) => ({ id: `n${i}`, type: i % 2 ? 'ReLU' : 'Linear', params: {}, position: { x: 0, y: 0 } }));
  const edges: DocEdge[] = nodes.slice(1).map((n, i) => ({ id: `e${i}`, from: { node: `n${i}`, port: 'out' }, to: { node: n.id, port: 'in' } }));
  return { ...emptyDocument('chain'), nodes, edges };
}

describe('import layout', () => {
  it('keeps a short chain on one line', async () => {
    const p = await layoutDocument(chain(4));
    expect(new Set(Object.values(p).map((q) => q.y)).size).toBe(1);
    for (let i = 1; i < 4; i++) expect(p[`n${i}`].x).toBeGreaterThan(p[`n${i - 1}`].x);
  });

  it('wraps a 30-layer chain into rows no wider than a window shows readably, in reading order', async () => {
    const p = await layoutDocument(chain(30));
    const xs = Object.values(p).map((q) => q.x);
    const ys = Object.values(p).map((q) => q.y);
    const width = Math.max(...xs) + 200 - Math.min(...xs);
    const height = Math.max(...ys) + 64 - Math.min(...ys);
    expect(width).toBeLessThan(3000);
    expect(width / height).toBeLessThan(4);
    // Each layer is right of the one before it, or starts the next row, below.
    for (let i = 1; i < 30; i++) {
      const [a, b] = [p[`n${i - 1}`], p[`n${i}`]];
      expect(b.x > a.x || b.y > a.y, `n${i}`).toBe(true);
    }
  });
});
