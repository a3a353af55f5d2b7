/**
 * Checker defects found by attacking it (issue 7): work linear in the number of edges, and
 * ids that are also names of Object.prototype members (`__proto__`, `constructor`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import type { ProjectDocument } from '../../../core/graph/document';
import { topology } from '../../../core/graph/topology';
import { parseDocument } from '../../../core/graph/parse';

const templates = path.resolve(__dirname, '../../../assets/templates');
const mlp = (): ProjectDocument => parseDocument(fs.readFileSync(path.join(templates, 'mnist-mlp.wiregrad.json'), 'utf8'));

/** The MLP with `extra` parallel edges from the Input's x into the Flatten's input. */
function withParallelEdges(extra: number): ProjectDocument {
  const doc = mlp();
  const edges = [...doc.edges];
  for (let i = 0; i < extra; i++) edges.push({ id: `p${i}`, from: { node: 'input', port: 'x' }, to: { node: 'flatten', port: 'in' } });
  return { ...doc, edges };
}

function renamed(doc: ProjectDocument, from: string, to: string): ProjectDocument {
  const r = (id: string) => (id === from ? to : id);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({ ...n, id: r(n.id) })),
    edges: doc.edges.map((e) => ({ ...e, from: { ...e.from, node: r(e.from.node) }, to: { ...e.to, node: r(e.to.node) } })),
  };
}

describe('checker is linear in edges', () => {
  it('groups 40k parallel edges per port without copying lists (the O(k²) of issue 7 took 11.8 s)', () => {
    const doc = withParallelEdges(40_000);
    const t0 = performance.now();
    const topo = topology(doc);
    const r = checkDocument(doc);
    const ms = performance.now() - t0;
    expect(topo.incoming.get('flatten')!.get('in')).toHaveLength(40_001);
    expect(r.diagnostics.filter((d) => d.code === 'PORT_MULTIPLE_EDGES').map((d) => d.nodeId)).toEqual(['flatten']);
    expect(r.diagnostics.find((d) => d.code === 'PORT_MULTIPLE_EDGES')!.message).toContain('40001');
    // Linear work is tens of milliseconds here (more on a loaded machine); the bound only catches the quadratic regression (32 s).
    expect(ms).toBeLessThan(10_000);
  });

  it('a 20k-node chain sorts and checks without a quadratic queue', () => {
    const nodes: ProjectDocument['nodes'] = [{ id: 'in', type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } }];
    const edges: ProjectDocument['edges'] = [];
    for (let i = 0; i < 20_000; i++) {
      nodes.push({ id: `r${i}`, type: 'ReLU', params: {}, position: { x: 0, y: 0 } });
      edges.push({ id: `e${i}`, from: { node: i ? `r${i - 1}` : 'in', port: i ? 'out' : 'x' }, to: { node: `r${i}`, port: 'in' } });
    }
    const doc = { ...mlp(), nodes, edges };
    const t0 = performance.now();
    const r = checkDocument(doc);
    expect(r.order).toHaveLength(20_001);
    expect(r.nodes['r19999'].outputs.out!.shape).toEqual([4]);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('ids named like Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a node with id %s counts in the totals', (id) => {
    const doc = renamed(mlp(), 'fc1', id);
    const r = checkDocument(doc);
    expect(r.diagnostics).toEqual([]);
    expect(r.totalParams).toBe(109_386);
    expect(Object.keys(r.nodes)).toContain(id);
    expect(r.nodes[id].paramCount).toBe(784 * 128 + 128);
    // Edge types are keyed by edge id too.
    const edgeId = doc.edges.find((e) => e.to.node === id)!.id;
    const renamedEdge = { ...doc, edges: doc.edges.map((e) => (e.id === edgeId ? { ...e, id } : e)) };
    expect(checkDocument(renamedEdge).edges[id]).toEqual({ shape: [784], dtype: 'float32' });
  });

  it('a project file with such ids parses and round-trips', () => {
    const doc = renamed(mlp(), 'fc1', '__proto__');
    const text = JSON.stringify(doc);
    const back = parseDocument(text, 'proto.wiregrad.json');
    expect(back.nodes.map((n) => n.id)).toContain('__proto__');
    expect(checkDocument(back).totalParams).toBe(109_386);
  });
});
