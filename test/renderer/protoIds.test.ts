/**
 * Issue 7 (13): a node or edge id of `__proto__` (or another Object.prototype name) is an
 * ordinary id in the editor too: undo/redo diffs, moves and auto-layout keyed by id.
 */
import { describe, expect, it } from 'vitest';
import { commit, redo, undo, initialEditorState } from '../../renderer/store/editor';
import { autoLayout } from '../../renderer/canvas/layout';
import { checkFor } from '../../renderer/store/derived';
import { chain, node } from './fixtures';

function protoDoc() {
  const d = chain();
  return {
    ...d,
    nodes: [...d.nodes, node('__proto__', 'ReLU', 600)],
    edges: [...d.edges, { id: 'constructor', from: { node: 'n3', port: 'out' }, to: { node: '__proto__', port: 'in' } }],
  };
}

describe('Object.prototype names as ids in the editor', () => {
  it('a move that does not name the node leaves its position alone', () => {
    const s = commit(initialEditorState(protoDoc()), { kind: 'moveNodes', positions: { n1: { x: 5, y: 5 } } }, { label: 'Move' });
    expect(s.doc.nodes.find((n) => n.id === '__proto__')!.position).toEqual({ x: 600, y: 0 });
  });

  it('undo and redo restore a __proto__ node and a constructor edge', () => {
    let s = commit(initialEditorState(protoDoc()), { kind: 'remove', nodeIds: ['__proto__'], edgeIds: [] }, { label: 'Delete' });
    expect(s.doc.nodes.map((n) => n.id)).not.toContain('__proto__');
    expect(s.doc.edges.map((e) => e.id)).not.toContain('constructor');
    s = undo(s);
    expect(s.doc.nodes.map((n) => n.id)).toContain('__proto__');
    expect(s.doc.edges.map((e) => e.id)).toContain('constructor');
    s = redo(s);
    expect(s.doc.nodes.map((n) => n.id)).not.toContain('__proto__');
  });

  it('auto-layout places the node and the derived check counts it', () => {
    const doc = protoDoc();
    const pos = autoLayout(doc);
    expect(Object.keys(pos)).toContain('__proto__');
    expect(pos['__proto__']).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
    expect(Object.keys(checkFor(doc).nodes)).toContain('__proto__');
  });
});
