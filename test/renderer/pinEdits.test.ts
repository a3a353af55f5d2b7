/**
 * Issue 8, a block's signature: renaming, removing and adding pins (core/blocks/pins.ts), and
 * the wires at its instances following the change (core/blocks/followPins.ts), in the
 * document's own graph and inside another block. (Here rather than under test/core, which
 * another change is editing at the same time.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDocument, type BlockDef, type DocEdge, type ParamValue, type ProjectDocument } from '../../core/graph/document';
import { addPin, freshPinName, pinCandidates, pinNameProblem, removePin, renamePin } from '../../core/blocks/pins';
import { followPinChanges, pinMapping } from '../../core/blocks/followPins';
import { parseDocument, validateDocument } from '../../core/graph/parse';
import { createNode } from '../../renderer/store/nodeFactory';
import { editor, editorStore, setLocked } from '../../renderer/store/editorStore';
import { openBlockDef, rootDocument } from '../../renderer/store/editor';
import { checkFor } from '../../renderer/store/derived';
import { resolveLayer } from '../../core/blocks/resolve';
import { inputPorts } from '../../core/layers/ports';
import { pinInputShape, pinNodeId, pinWireCommand } from '../../renderer/canvas/pins';

const edge = (id: string, from: string, to: string): DocEdge => {
  const [fn, fp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
};

const layer = (type: string, id: string, params: Record<string, ParamValue> = {}) => {
  const n = createNode(type, id, { x: 0, y: 0 });
  return { ...n, params: { ...n.params, ...params } };
};
const instance = (type: string, id: string) => ({ id, type, params: {}, position: { x: 0, y: 0 } });

/** B: Linear l1 → Add a1, with the input pin `in` fanning out to l1 and to the Add's second input (a residual). */
function blockB(): BlockDef {
  return {
    params: {},
    inputs: [{ name: 'in', node: 'l1', port: 'in' }, { name: 'in', node: 'a1', port: 'in1' }],
    outputs: [{ name: 'out', node: 'a1', port: 'out' }],
    nodes: [layer('Linear', 'l1', { out_features: 784 }), layer('Add', 'a1'), layer('ReLU', 'spare')],
    edges: [edge('e1', 'l1.out', 'a1.in0')],
  };
}

/**
 * The project: Input → b1 → b2 → C instance c1 → Linear → loss, where C is a block holding an
 * instance of B (`inner`) followed by a ReLU, its input pin standing for `inner.in`.
 */
function project(): ProjectDocument {
  const C: BlockDef = {
    params: {},
    inputs: [{ name: 'x', node: 'inner', port: 'in' }],
    outputs: [{ name: 'y', node: 'relu', port: 'out' }],
    nodes: [instance('B', 'inner'), layer('ReLU', 'relu')],
    edges: [edge('c_e1', 'inner.out', 'relu.in')],
  };
  return {
    ...emptyDocument('pins'),
    nodes: [layer('Input', 'input'), layer('Flatten', 'flat'), instance('B', 'b1'), instance('B', 'b2'), instance('C', 'c1'), layer('Linear', 'fc'), layer('CrossEntropyLoss', 'loss')],
    edges: [edge('r0', 'input.x', 'flat.in'), edge('r1', 'flat.out', 'b1.in'), edge('r2', 'b1.out', 'b2.in'), edge('r3', 'b2.out', 'c1.x'), edge('r4', 'c1.y', 'fc.in'), edge('r5', 'fc.out', 'loss.input'), edge('r6', 'input.y', 'loss.target')],
    blocks: { B: blockB(), C },
  };
}

/** The project with B replaced by `edit(B)`, the instances followed as the editor does it. */
const edited = (doc: ProjectDocument, edit: (b: BlockDef) => BlockDef): ProjectDocument => followPinChanges<ProjectDocument>({ ...doc, blocks: { ...doc.blocks!, B: edit(doc.blocks!.B) } }, doc.blocks);
const ports = (doc: ProjectDocument) => Object.fromEntries(doc.edges.map((e) => [e.id, `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`]));
const valid = (doc: ProjectDocument) => validateDocument(JSON.parse(JSON.stringify(doc)));

describe('pin names', () => {
  it('a pin name is a non-empty identifier not used on its side; keeping a pin its own name is fine', () => {
    const b = blockB();
    expect(pinNameProblem(b, 'in', '')).toMatch(/needs a name/);
    expect(pinNameProblem(b, 'in', '2x')).toMatch(/letters, digits and _/);
    expect(pinNameProblem(b, 'in', 'a b')).toMatch(/letters, digits and _/);
    expect(pinNameProblem(b, 'in', 'in')).toMatch(/already an input pin called in/);
    expect(pinNameProblem(b, 'in', 'in', 'in')).toBeNull();
    expect(pinNameProblem(b, 'out', 'in')).toBeNull();
    expect(pinNameProblem(b, 'in', 'x_2')).toBeNull();
    expect(freshPinName(b, 'in')).toBe('in2');
    expect(freshPinName(b, 'out')).toBe('out2');
  });
});

describe('pin edits on a definition', () => {
  it('rename renames every entry of a fanned-out input; a bad or taken name is refused', () => {
    const b = blockB();
    expect(renamePin(b, 'in', 'in', 'x').inputs).toEqual([{ name: 'x', node: 'l1', port: 'in' }, { name: 'x', node: 'a1', port: 'in1' }]);
    expect(renamePin(b, 'out', 'out', 'y').outputs).toEqual([{ name: 'y', node: 'a1', port: 'out' }]);
    expect(renamePin(b, 'in', 'in', 'in')).toBe(b);
    expect(() => renamePin(b, 'in', 'in', '1x')).toThrow(/letters, digits/);
    expect(() => renamePin(b, 'in', 'nope', 'x')).toThrow(/no input pin called nope/);
    const two = addPin(b, 'out', 'out2', 'l1', 'out');
    expect(() => renamePin(two, 'out', 'out2', 'out')).toThrow(/already an output pin called out/);
  });

  it('remove drops every entry of the pin; the last output pin cannot go', () => {
    const b = blockB();
    expect(removePin(b, 'in', 'in').inputs).toEqual([]);
    expect(() => removePin(b, 'out', 'out')).toThrow(/at least one output/);
    const two = addPin(b, 'out', 'out2', 'l1', 'out');
    expect(removePin(two, 'out', 'out').outputs).toEqual([{ name: 'out2', node: 'l1', port: 'out' }]);
  });

  it('add takes a free inner port; a port already fed inside (wire or pin) is refused, as is an output that is already a pin', () => {
    const b = blockB();
    expect(addPin(b, 'in', 'in2', 'spare', 'in').inputs.at(-1)).toEqual({ name: 'in2', node: 'spare', port: 'in' });
    expect(() => addPin(b, 'in', 'in2', 'a1', 'in0')).toThrow(/already fed inside/);
    expect(() => addPin(b, 'in', 'in2', 'l1', 'in')).toThrow(/already fed inside/);
    expect(() => addPin(b, 'in', 'in', 'spare', 'in')).toThrow(/already an input pin/);
    expect(() => addPin(b, 'out', 'out2', 'a1', 'out')).toThrow(/already leaves the block as out/);
    expect(() => addPin(b, 'in', 'in2', 'ghost', 'in')).toThrow(/no node ghost/);
    expect(pinCandidates(b, 'in', {})).toEqual([{ node: 'spare', port: 'in' }]);
    expect(pinCandidates(b, 'out', {})).toEqual([{ node: 'l1', port: 'out' }, { node: 'spare', port: 'out' }]);
  });
});

describe('the port mapping from the old definition to the new', () => {
  const mapOf = (before: BlockDef, after: BlockDef) => {
    const m = pinMapping(before, after);
    return { in: Object.fromEntries(m.in), out: Object.fromEntries(m.out) };
  };

  it('reads renames (a fanned-out input is one rename) and removals; unchanged names are absent', () => {
    const b = blockB();
    expect(mapOf(b, renamePin(b, 'in', 'in', 'x'))).toEqual({ in: { in: 'x' }, out: {} });
    expect(mapOf(b, renamePin(renamePin(b, 'in', 'in', 'x'), 'in', 'x', 'z'))).toEqual({ in: { in: 'z' }, out: {} });
    expect(mapOf(b, renamePin(b, 'out', 'out', 'y'))).toEqual({ in: {}, out: { out: 'y' } });
    expect(mapOf(b, removePin(b, 'in', 'in'))).toEqual({ in: { in: null }, out: {} });
    expect(mapOf(b, addPin(b, 'in', 'in2', 'spare', 'in'))).toEqual({ in: {}, out: {} });
  });

  it('a swap of two pins is no rename, and neither is a new pin under the old name', () => {
    const two: BlockDef = { ...blockB(), inputs: [{ name: 'a', node: 'l1', port: 'in' }, { name: 'b', node: 'a1', port: 'in1' }] };
    const swapped: BlockDef = { ...two, inputs: [{ name: 'b', node: 'l1', port: 'in' }, { name: 'a', node: 'a1', port: 'in1' }] };
    expect(mapOf(two, swapped)).toEqual({ in: {}, out: {} });
    const renamedThenReused = addPin(renamePin(blockB(), 'in', 'in', 'x'), 'in', 'in', 'spare', 'in');
    expect(mapOf(blockB(), renamedThenReused)).toEqual({ in: {}, out: {} });
  });

  it('two old names landing on one new name are removals, not renames', () => {
    const two: BlockDef = { ...blockB(), inputs: [{ name: 'a', node: 'l1', port: 'in' }, { name: 'b', node: 'a1', port: 'in1' }] };
    const merged: BlockDef = { ...two, inputs: [{ name: 'c', node: 'l1', port: 'in' }, { name: 'c', node: 'a1', port: 'in1' }] };
    expect(mapOf(two, merged)).toEqual({ in: { a: null, b: null }, out: {} });
  });
});

describe('instances follow the new signature', () => {
  it('the project validates as built', () => {
    expect(() => valid(project())).not.toThrow();
  });

  it('a renamed input: the wires into every instance take the new name, and so does the pin of the block that holds one', () => {
    const doc = project();
    const next = edited(doc, (b) => renamePin(b, 'in', 'in', 'features'));
    expect(ports(next)).toEqual({ ...ports(doc), r1: 'flat.out>b1.features', r2: 'b1.out>b2.features' });
    expect(next.edges.find((e) => e.id === 'r3')).toBe(doc.edges.find((e) => e.id === 'r3'));
    expect(next.blocks!.C.inputs).toEqual([{ name: 'x', node: 'inner', port: 'features' }]);
    expect(() => valid(next)).not.toThrow();
  });

  it('a renamed output: the wires out of every instance follow, in the root and inside the other block', () => {
    const doc = project();
    const next = edited(doc, (b) => renamePin(b, 'out', 'out', 'y'));
    expect(ports(next)).toEqual({ ...ports(doc), r2: 'b1.y>b2.in', r3: 'b2.y>c1.x' });
    expect(next.blocks!.C.edges).toEqual([edge('c_e1', 'inner.y', 'relu.in')]);
    expect(() => valid(next)).not.toThrow();
  });

  it('a removed input drops the wires to it, and the enclosing block loses the pin that stood for it, with the wires into its instance', () => {
    const doc = project();
    const next = edited(doc, (b) => removePin(b, 'in', 'in'));
    expect(Object.keys(ports(next))).toEqual(['r0', 'r4', 'r5', 'r6']);
    expect(next.blocks!.C.inputs).toEqual([]);
    expect(() => valid(next)).not.toThrow();
  });

  it('a removed output drops the wires from it, inside the other block too', () => {
    const doc = project();
    const withTwo = edited(doc, (b) => addPin(b, 'out', 'out2', 'l1', 'out'));
    expect(withTwo.edges).toBe(doc.edges);
    const next = edited(withTwo, (b) => removePin(b, 'out', 'out'));
    expect(Object.keys(ports(next))).toEqual(['r0', 'r1', 'r4', 'r5', 'r6']);
    expect(next.blocks!.C.edges).toEqual([]);
    expect(() => valid(next)).not.toThrow();
  });

  it('nothing changes when the pins did not', () => {
    const doc = project();
    expect(followPinChanges(doc, doc.blocks)).toBe(doc);
    expect(edited(doc, (b) => ({ ...b, doc: 'notes' })).edges).toBe(doc.edges);
  });
});

describe('pin edits in the editor', () => {
  const state = () => editorStore.get();
  const root = () => rootDocument(state());
  const edgeInto = (doc: ProjectDocument, node: string) => doc.edges.filter((e) => e.to.node === node).map((e) => `${e.id}>${e.to.port}`);
  const errors = (doc: ProjectDocument) => checkFor(doc).diagnostics.filter((d) => d.severity === 'error');

  /** The MNIST MLP with fc2 + relu2 as CustomLayer b1, and a second instance of it inside a block Outer, wired after b1. */
  function setUp(): { b1: string; outer: string } {
    setLocked(false);
    editor.load(parseDocument(fs.readFileSync(path.resolve(__dirname, '../../assets/templates/mnist-mlp.wiregrad.json'), 'utf8')), null);
    const b1 = editor.makeBlock(['fc2', 'relu2'], 'CustomLayer', [])!;
    editor.commit(
      { kind: 'batch', commands: [{ kind: 'remove', nodeIds: [], edgeIds: ['e_relu2_fc3'] }, { kind: 'addNodes', nodes: [instance('CustomLayer', 'b2')], edges: [edge('w1', `${b1}.out`, 'b2.in'), edge('w2', 'b2.out', 'fc3.in')] }] },
      { label: 'Add CustomLayer' },
    );
    const outer = editor.makeBlock(['b2'], 'Outer', [])!;
    expect(errors(root())).toEqual([]);
    return { b1, outer };
  }

  it('renaming a pin inside the open block renames the wires at every instance at once; closing is one step, undone as one', () => {
    const { b1, outer } = setUp();
    const before = root();
    editor.openBlock(b1);
    expect(editor.renamePin('in', 'in', '2x')).toMatch(/letters, digits/);
    expect(editor.renamePin('in', 'in', 'features')).toBeNull();
    expect(state().history.past.at(-1)!.label).toBe('Rename pin in → features');
    expect(state().doc.blocks!.CustomLayer.inputs.map((p) => p.name)).toEqual(['features']);
    // The pin still shows what enters it: the wire around is found under the name it had when the block was opened.
    expect(pinInputShape(checkFor(root()), state().scope, openBlockDef(state())!.def, 'features')!.shape).toEqual([128]);
    // Still open: the whole project already has consistent wires (what check, save and train read).
    expect(edgeInto(root(), b1)).toEqual(['e_relu1_fc2>features']);
    expect(root().blocks!.Outer.inputs).toEqual([{ name: 'in', node: 'b2', port: 'features' }]);
    expect(errors(root())).toEqual([]);
    expect(() => valid(root())).not.toThrow();
    editor.undo();
    expect(edgeInto(root(), b1)).toEqual(['e_relu1_fc2>in']);
    editor.redo();

    editor.closeBlock();
    expect(state().history.past.at(-1)!.label).toBe('Edit CustomLayer');
    expect(edgeInto(state().doc, b1)).toEqual(['e_relu1_fc2>features']);
    expect(edgeInto(state().doc, outer)).toEqual(edgeInto(before, outer));
    expect(() => valid(state().doc)).not.toThrow();
    editor.undo();
    expect(state().doc.blocks!.CustomLayer.inputs.map((p) => p.name)).toEqual(['in']);
    expect(state().doc.blocks!.Outer.inputs).toEqual(before.blocks!.Outer.inputs);
    expect(state().doc.edges).toEqual(before.edges);
    editor.redo();
    expect(edgeInto(state().doc, b1)).toEqual(['e_relu1_fc2>features']);
  });

  it('opened inside another open block, a rename reaches the enclosing definition\'s pins and the project\'s wires at every level', () => {
    const { b1, outer } = setUp();
    const before = root();
    editor.openBlock(outer);
    // A second inner instance added while Outer is open, Outer's input pin wired to it too: only the open view's graph has it.
    editor.commit({ kind: 'addNodes', nodes: [instance('CustomLayer', 'b9')] }, { label: 'Add CustomLayer' });
    editor.commit(pinWireCommand(state().doc, 'Outer', { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: 'b9', targetHandle: 'in' })!, { label: 'Wire pin' });
    editor.openBlock('b2');
    expect(editor.renamePin('in', 'in', 'features')).toBeNull();
    const outerPins = [{ name: 'in', node: 'b2', port: 'features' }, { name: 'in', node: 'b9', port: 'features' }];
    expect(edgeInto(root(), b1)).toEqual(['e_relu1_fc2>features']);
    expect(root().blocks!.Outer.inputs).toEqual(outerPins);
    expect(() => valid(root())).not.toThrow();
    editor.closeBlock();
    expect(state().doc.blocks!.Outer.inputs).toEqual(outerPins);
    expect(() => valid(root())).not.toThrow();
    editor.closeBlock();
    expect(() => valid(state().doc)).not.toThrow();
    editor.undo();
    expect(state().doc.edges).toEqual(before.edges);
    expect(state().doc.blocks).toEqual(before.blocks);
  });

  it('the last output is refused, also when an enclosing block passes it on as its only output; a new output becomes a port of every instance', () => {
    const { b1 } = setUp();
    editor.openBlock(b1);
    expect(editor.removePin('out', 'out')).toMatch(/at least one output/);
    expect(editor.addPin('out', 'out2', 'fc2', 'out')).toBeNull();
    expect(state().history.past.at(-1)!.label).toBe('Add output pin out2');
    expect(editor.removePin('out', 'out')).toMatch(/Outer would be left without an output/);
    expect(state().doc.blocks!.CustomLayer.outputs.map((p) => p.name)).toEqual(['out', 'out2']);
    editor.closeBlock();
    expect(checkFor(state().doc).nodes[b1].outputs.out2!.shape).toEqual([64]);
    expect(() => valid(state().doc)).not.toThrow();
    editor.undo();
    expect(checkFor(state().doc).nodes[b1].outputs.out2).toBeUndefined();
  });

  it('a new input pin that no wire feeds at an instance is the checker\'s "not connected" error on that instance, until it is wired', () => {
    const { b1, outer } = setUp();
    editor.openBlock(b1);
    // fc2 → Add → relu2 inside, the Add's second input free: the new pin feeds it.
    editor.commit(
      { kind: 'batch', commands: [{ kind: 'remove', nodeIds: [], edgeIds: ['e_fc2_relu2'] }, { kind: 'addNodes', nodes: [layer('Add', 'sum')], edges: [edge('s1', 'fc2.out', 'sum.in0'), edge('s2', 'sum.out', 'relu2.in')] }] },
      { label: 'Insert Add' },
    );
    expect(errors(root()).map((d) => d.nodeId)).toEqual([b1, outer]);
    expect(editor.addPin('in', 'in2', 'sum', 'in1')).toBeNull();
    expect(errors(root()).map((d) => [d.nodeId, d.message])).toEqual([
      [b1, 'sum (inside b1): Input "in1" of Add is not connected'],
      [outer, `b2/sum (inside ${outer}): Input "in1" of Add is not connected`],
    ]);
    expect(() => valid(root())).not.toThrow();
    // The pin is a port of every instance: wiring it at one instance clears that instance's error only.
    expect(inputPorts(resolveLayer(root(), 'CustomLayer')!).map((p) => p.name)).toEqual(['in', 'in2']);
    editor.closeBlock();
    editor.commit({ kind: 'connect', edge: edge('w3', 'relu1.out', `${b1}.in2`) }, { label: 'Connect' });
    // (relu1's 128 features do not fit the Add's 64: a shape error now, not a missing wire.)
    const unconnected = errors(state().doc).filter((d) => d.code === 'GRAPH_UNCONNECTED_INPUT');
    expect(unconnected.map((d) => d.nodeId)).toEqual([outer]);
  });

  it('pin edits need an open block and an unlocked graph', () => {
    const { b1 } = setUp();
    expect(editor.renamePin('in', 'in', 'x')).toMatch(/Open a block/);
    editor.openBlock(b1);
    setLocked(true);
    expect(editor.renamePin('in', 'in', 'x')).toMatch(/read-only/);
    setLocked(false);
    const steps = state().history.past.length;
    expect(editor.renamePin('in', 'in', 'in')).toBeNull();
    expect(state().history.past.length).toBe(steps);
  });
});

describe('pin shapes in a block opened inside another block', () => {
  it('the inner block\'s input pin shows the shape that enters its instance inside the outer one', async () => {
    const { convNetWithBlocks, node, chain } = await import('../core/blocks/docs');
    const doc = convNetWithBlocks();
    doc.blocks!.Double = {
      params: { out_channels: { default: 4, bind: [{ node: 'a', param: 'out_channels' }, { node: 'b', param: 'out_channels' }] } },
      inputs: [{ name: 'in', node: 'a', port: 'in' }],
      outputs: [{ name: 'out', node: 'b', port: 'out' }],
      nodes: [node('a', 'CustomLayer'), node('b', 'CustomLayer', { kernel_size: 5, padding: 2 })],
      edges: chain('', 'a', 'b'),
    };
    doc.nodes[1] = node('c1', 'Double', { out_channels: 6 });
    editor.load(validateDocument(JSON.parse(JSON.stringify(doc))), null);
    editor.openBlock('c1');
    editor.openBlock('b');
    const s = editorStore.get();
    expect(s.scope.map((f) => f.block)).toEqual(['Double', 'CustomLayer']);
    const open = openBlockDef(s)!;
    // b's input is a's output inside c1: 6 channels of 28×28 (a keeps the padding of CustomLayer's default).
    const shape = pinInputShape(checkFor(rootDocument(s)), s.scope, open.def, 'in');
    expect(shape?.shape).toEqual(checkFor(rootDocument(s)).inner!['c1/a/relu'].outputs.out!.shape);
    expect(shape?.shape[0]).toBe(6);
    editor.closeBlock(2);
  });
});
