/**
 * Blocks in the editor store: Make block, a second instance, the definition's defaults
 * (linked copies), opening a block in place (its shapes are the instance's, its edits one
 * step of the project's history when closed), Ungroup, fixes for inner layers — and undo /
 * redo over all of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editor, editorStore, setLocked } from '../../renderer/store/editorStore';
import { isDirty, rootDocument } from '../../renderer/store/editor';
import { checkForState } from '../../renderer/store/derived';
import { paletteCatalog } from '../../renderer/palette/paletteModel';
import { toggleExposed } from '../../core/blocks/edit';
import { parseDocument } from '../../core/graph/parse';
import { checkDocument } from '../../core/check/check';

const lenet = () => parseDocument(fs.readFileSync(path.resolve(__dirname, '../../assets/templates/mnist-lenet.wiregrad.json'), 'utf8'));
const state = () => editorStore.get();

describe('blocks in the editor', () => {
  beforeEach(() => {
    setLocked(false);
    editor.load(lenet(), null);
  });

  it('makes a block of two layers as one undo step, offers it in the palette, and undoes and redoes it', () => {
    const params = checkDocument(state().doc).totalParams;
    const id = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [{ node: 'conv1', param: 'out_channels' }])!;
    expect(state().doc.nodes.find((n) => n.id === id)!.type).toBe('CustomLayer');
    expect(state().selection.nodes).toEqual([id]);
    expect(checkForState(state()).totalParams).toBe(params);
    expect(paletteCatalog(state().doc).map((d) => d.type)).toContain('CustomLayer');
    editor.undo();
    expect(state().doc.blocks).toBeUndefined();
    expect(state().doc.nodes.map((n) => n.id)).toContain('conv1');
    editor.redo();
    expect(Object.keys(state().doc.blocks!)).toEqual(['CustomLayer']);
  });

  it('a changed default reaches every instance that does not set its own value', () => {
    const b1 = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [{ node: 'conv1', param: 'out_channels' }])!;
    const b2 = editor.makeBlock(['conv2', 'relu2'], 'Other', [])!;
    expect(b2).toBeTruthy();
    editor.commit({ kind: 'addNodes', nodes: [{ id: 'b9', type: 'CustomLayer', params: {}, position: { x: 0, y: 400 } }] }, { label: 'add' });
    editor.setBlockDefault('CustomLayer', 'out_channels', 10, 1);
    const r = checkForState(state());
    expect(r.nodes[b1].params.out_channels).toBe(10);
    expect(r.nodes.b9.params.out_channels).toBe(10);
    expect(r.nodes[b1].outputs.out!.shape).toEqual([10, 28, 28]);
    editor.undo();
    expect(checkForState(state()).nodes[b1].outputs.out!.shape).toEqual([6, 28, 28]);
  });

  it('opens a block in place with the instance shapes; edits inside are one project step when closed', () => {
    const b1 = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [])!;
    const steps = state().history.past.length;
    editor.openBlock(b1);
    expect(state().scope.map((f) => f.block)).toEqual(['CustomLayer']);
    expect(state().doc.nodes.map((n) => n.id)).toEqual(['conv1', 'relu1']);
    expect(checkForState(state()).nodes.conv1.outputs.out!.shape).toEqual([6, 28, 28]);
    expect(paletteCatalog(state().doc, state().scope.map((f) => f.block)).map((d) => d.type)).not.toContain('CustomLayer');
    editor.commit({ kind: 'setParam', nodeId: 'conv1', param: 'out_channels', value: 12 }, { label: 'Set out_channels' });
    expect(isDirty(state())).toBe(true);
    // Save and train see the whole project with the edit in.
    expect(checkDocument(rootDocument(state())).nodes[b1].outputs.out!.shape).toEqual([12, 28, 28]);
    editor.undo();
    editor.redo();
    editor.closeBlock();
    expect(state().scope).toEqual([]);
    expect(state().history.past.length).toBe(steps + 1);
    expect(state().history.past.at(-1)!.label).toBe('Edit CustomLayer');
    expect(checkForState(state()).nodes[b1].outputs.out!.shape).toEqual([12, 28, 28]);
    editor.undo();
    expect(checkForState(state()).nodes[b1].outputs.out!.shape).toEqual([6, 28, 28]);
  });

  it('a shape error inside shows on the instance; its fix edits the definition, and inside the block it is on the inner node', () => {
    const b1 = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [])!;
    const block = state().doc.blocks!.CustomLayer;
    editor.commit({ kind: 'setBlock', name: 'CustomLayer', block: { ...block, nodes: block.nodes.map((n) => (n.id === 'conv1' ? { ...n, params: { ...n.params, in_channels: 3 } } : n)) } }, { label: 'break' });
    const d = checkForState(state()).diagnostics.find((x) => x.code === 'CONV_IN_CHANNELS')!;
    expect(d.nodeId).toBe(b1);
    editor.openBlock(b1);
    const inside = checkForState(state()).diagnostics.find((x) => x.code === 'CONV_IN_CHANNELS')!;
    expect(inside.nodeId).toBe('conv1');
    expect(inside.fix).toMatchObject({ nodeId: 'conv1', param: 'in_channels', value: 1 });
    editor.closeBlock();
    editor.applyFix(d.fix!);
    expect(checkForState(state()).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('inside an open block, exposing an inner parameter makes it a block parameter every instance can set', () => {
    const b1 = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [])!;
    editor.openBlock(b1);
    const s = state();
    const block = { ...s.doc.blocks!.CustomLayer, nodes: s.doc.nodes, edges: s.doc.edges };
    const conv = s.doc.nodes.find((n) => n.id === 'conv1')!;
    editor.commit({ kind: 'setBlock', name: 'CustomLayer', block: toggleExposed(block, conv, 'out_channels', true, s.doc) }, { label: 'Expose out_channels' });
    editor.closeBlock();
    expect(state().doc.blocks!.CustomLayer.params.out_channels).toEqual({ default: 6, bind: [{ node: 'conv1', param: 'out_channels' }] });
    editor.commit({ kind: 'setParam', nodeId: b1, param: 'out_channels', value: 9 }, { label: 'Set' });
    expect(checkForState(state()).nodes[b1].outputs.out!.shape).toEqual([9, 28, 28]);
    editor.undo();
    editor.undo();
    expect(state().doc.blocks!.CustomLayer.params).toEqual({});
  });

  it('ungroups one instance into its layers', () => {
    const b1 = editor.makeBlock(['conv1', 'relu1'], 'CustomLayer', [{ node: 'conv1', param: 'out_channels' }])!;
    const added = editor.ungroup(b1);
    expect(added).toEqual([`${b1}_conv1`, `${b1}_relu1`]);
    expect(checkForState(state()).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(state().doc.nodes.find((n) => n.id === `${b1}_conv1`)!.params.out_channels).toBe(6);
    editor.undo();
    expect(state().doc.nodes.map((n) => n.id)).toContain(b1);
  });
});
