import { beforeEach, describe, expect, it } from 'vitest';
import { editor, editorStore, setLocked } from '../../renderer/store/editorStore';
import { isDirty } from '../../renderer/store/editor';
import { emptyDocument } from '../../core/graph/document';

describe('editor store actions', () => {
  beforeEach(() => {
    setLocked(false);
    editor.load(emptyDocument('t'), null);
  });

  it('adds a layer with its defaults, selected, as one undo step', () => {
    const id = editor.addLayer('Conv2d', { x: 10.4, y: 20.6 });
    const s = editorStore.get();
    const n = s.doc.nodes.find((x) => x.id === id)!;
    expect(n.params).toMatchObject({ in_channels: 'auto', out_channels: 32, kernel_size: 3 });
    expect(n.position).toEqual({ x: 10, y: 21 });
    expect(s.selection.nodes).toEqual([id]);
    expect(isDirty(s)).toBe(true);
    editor.undo();
    expect(editorStore.get().doc.nodes).toHaveLength(0);
  });

  it('duplicates and deletes the selection', () => {
    const a = editor.addLayer('Linear', { x: 0, y: 0 });
    editor.duplicate();
    const s = editorStore.get();
    expect(s.doc.nodes).toHaveLength(2);
    expect(s.selection.nodes).not.toContain(a);
    editor.deleteSelection();
    expect(editorStore.get().doc.nodes.map((n) => n.id)).toEqual([a]);
  });

  it('pastes the last copy beside the originals, never on top of a layer', () => {
    editor.addLayer('ReLU', { x: 0, y: 0 });
    expect(editor.copy()).not.toBeNull();
    editor.paste();
    editor.paste();
    const boxes = editorStore.get().doc.nodes.map((n) => n.position);
    expect(boxes).toHaveLength(3);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(Math.abs(boxes[i].y - boxes[j].y) >= 90 || Math.abs(boxes[i].x - boxes[j].x) >= 190).toBe(true);
  });

  it('pastes at the pointer when there is one', () => {
    editor.addLayer('ReLU', { x: 0, y: 0 });
    editor.copy();
    editor.clearSelection();
    editor.paste(undefined, { at: { x: 600, y: 300 } });
    expect(editorStore.get().doc.nodes[1].position).toEqual({ x: 600, y: 300 });
    // Pointing at the originals: moved clear of them.
    editor.paste(undefined, { at: { x: 10, y: 10 } });
    const p = editorStore.get().doc.nodes[2].position;
    expect(Math.abs(p.y - 0) >= 90 || Math.abs(p.x) >= 190).toBe(true);
  });

  it('applies a fix as one undoable step', () => {
    const id = editor.addLayer('Linear', { x: 0, y: 0 });
    editor.applyFix({ kind: 'setParam', nodeId: id, param: 'in_features', value: 784, label: 'set in_features to 784' });
    expect(editorStore.get().doc.nodes[0].params.in_features).toBe(784);
    editor.undo();
    expect(editorStore.get().doc.nodes[0].params.in_features).toBe('auto');
  });

  it('refuses edits while training locks the graph, but selection still works', () => {
    const id = editor.addLayer('Tanh', { x: 0, y: 0 });
    setLocked(true);
    editor.deleteSelection();
    editor.undo();
    expect(editorStore.get().doc.nodes).toHaveLength(1);
    editor.clearSelection();
    expect(editorStore.get().selection.nodes).toEqual([]);
    editor.select([id]);
    expect(editorStore.get().selection.nodes).toEqual([id]);
  });
});

describe('keyboard and menu delivering one keystroke twice', async () => {
  const { runActionFrom } = await import('../../renderer/actions/bindings');
  it('runs an action once when key and menu both report it, but honours key repeat', () => {
    setLocked(false);
    editor.load(emptyDocument('t'), null);
    for (let i = 0; i < 3; i++) editor.addLayer('ReLU', { x: i * 10, y: 0 });
    runActionFrom('key', 'undo', 1000);
    runActionFrom('menu', 'undo', 1030);
    expect(editorStore.get().doc.nodes).toHaveLength(2);
    runActionFrom('key', 'undo', 1060);
    expect(editorStore.get().doc.nodes).toHaveLength(1);
  });
});
