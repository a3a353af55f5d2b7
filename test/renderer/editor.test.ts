import { describe, expect, it } from 'vitest';
import {
  beginGesture,
  commit,
  endGesture,
  initialEditorState,
  isDirty,
  markSaved,
  redo,
  undo,
  updateGesture,
  type EditorState,
} from '../../renderer/store/editor';
import { chain, node } from './fixtures';

const start = () => initialEditorState(chain());

describe('editor history', () => {
  it('undo and redo one command', () => {
    let s = commit(start(), { kind: 'addNodes', nodes: [node('n4')] }, { label: 'Add', select: { nodes: ['n4'], edges: [] } });
    expect(s.doc.nodes).toHaveLength(4);
    expect(s.selection.nodes).toEqual(['n4']);
    s = undo(s);
    expect(s.doc.nodes).toHaveLength(3);
    expect(s.selection.nodes).toEqual([]);
    s = redo(s);
    expect(s.doc.nodes).toHaveLength(4);
    expect(s.selection.nodes).toEqual(['n4']);
  });

  it('a no-op command records nothing', () => {
    const s = commit(start(), { kind: 'remove', nodeIds: ['nope'], edgeIds: [] }, { label: 'x' });
    expect(s.history.past).toHaveLength(0);
  });

  it('a new command clears the redo stack', () => {
    let s = commit(start(), { kind: 'rename', name: 'a' }, { label: 'r' });
    s = undo(s);
    s = commit(s, { kind: 'rename', name: 'b' }, { label: 'r' });
    expect(s.history.future).toHaveLength(0);
    expect(redo(s).doc.name).toBe('b');
  });

  it('a drag is one step', () => {
    let s = beginGesture(start(), 'Move');
    for (let i = 1; i <= 20; i++) s = updateGesture(s, { kind: 'moveNodes', positions: { n1: { x: i, y: i } } });
    s = endGesture(s);
    expect(s.history.past).toHaveLength(1);
    expect(s.doc.nodes[0].position).toEqual({ x: 20, y: 20 });
    s = undo(s);
    expect(s.doc.nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(s.history.past).toHaveLength(0);
  });

  it('a gesture that ends where it began records nothing', () => {
    let s = beginGesture(start(), 'Move');
    s = updateGesture(s, { kind: 'moveNodes', positions: { n1: { x: 5, y: 5 } } });
    s = updateGesture(s, { kind: 'moveNodes', positions: { n1: { x: 0, y: 0 } } });
    expect(endGesture(s).history.past).toHaveLength(0);
  });

  it('typing in one field merges into one step', () => {
    let s = start();
    [1, 12, 128].forEach((v, i) => {
      s = commit(s, { kind: 'setParam', nodeId: 'n2', param: 'out_features', value: v }, { label: 'Edit', mergeKey: 'n2.out_features', now: 1000 + i * 200 });
    });
    expect(s.history.past).toHaveLength(1);
    s = undo(s);
    expect(s.doc.nodes[1].params.out_features).toBeUndefined();
  });

  it('edits of one field far apart in time are separate steps', () => {
    let s = commit(start(), { kind: 'setParam', nodeId: 'n2', param: 'a', value: 1 }, { label: 'Edit', mergeKey: 'n2.a', now: 0 });
    s = commit(s, { kind: 'setParam', nodeId: 'n2', param: 'a', value: 2 }, { label: 'Edit', mergeKey: 'n2.a', now: 10_000 });
    expect(s.history.past).toHaveLength(2);
  });

  it('different fields do not merge', () => {
    let s = commit(start(), { kind: 'setParam', nodeId: 'n2', param: 'a', value: 1 }, { label: 'Edit', mergeKey: 'n2.a' });
    s = commit(s, { kind: 'setParam', nodeId: 'n2', param: 'b', value: 1 }, { label: 'Edit', mergeKey: 'n2.b' });
    expect(s.history.past).toHaveLength(2);
  });

  it('tracks dirtiness against the last save, including undo back to it', () => {
    let s = start();
    expect(isDirty(s)).toBe(false);
    s = commit(s, { kind: 'rename', name: 'a' }, { label: 'r' });
    expect(isDirty(s)).toBe(true);
    s = markSaved(s, '/tmp/a.wiregrad.json');
    expect(isDirty(s)).toBe(false);
    s = commit(s, { kind: 'rename', name: 'b' }, { label: 'r' });
    expect(isDirty(s)).toBe(true);
    s = undo(s);
    expect(isDirty(s)).toBe(false);
    s = undo(s);
    expect(isDirty(s)).toBe(true);
  });

  it('deleting a selected node prunes the selection', () => {
    let s: EditorState = { ...start(), selection: { nodes: ['n2', 'n3'], edges: [] } };
    s = commit(s, { kind: 'remove', nodeIds: ['n2'], edgeIds: [] }, { label: 'Delete' });
    expect(s.selection.nodes).toEqual(['n3']);
    s = undo(s);
    expect(s.selection.nodes).toEqual(['n2', 'n3']);
  });
});
