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

  it('pastes the last copy with an offset each time', () => {
    editor.addLayer('ReLU', { x: 0, y: 0 });
    expect(editor.copy()).not.toBeNull();
    editor.paste();
    editor.paste();
    const xs = editorStore.get().doc.nodes.map((n) => n.position.x);
    expect(xs).toEqual([0, 40, 80]);
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
  const { runActionFrom } = await import('../../renderer/actions/edit');
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
