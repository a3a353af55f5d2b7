/** Where new layers go and how they are wired: each gesture is one command, one undo step. */
import { describe, expect, it } from 'vitest';
import { emptyDocument, type ProjectDocument } from '../../core/graph/document';
import { checkDocument } from '../../core/check/check';
import { applyCommand } from '../../renderer/store/commands';
import { createNode } from '../../renderer/store/nodeFactory';
import { copySelection } from '../../renderer/store/clipboard';
import { acceptsFrom, feeds, planAddLayer, planPaste, selectionTail } from '../../renderer/store/insertion';
import { commit, initialEditorState, undo } from '../../renderer/store/editor';
import { chain } from './fixtures';

/** Input → Conv2d(padding 1) → ReLU → MaxPool2d, wired, as a user has it after the first block (random 3×32×32 data). */
function firstBlock(): ProjectDocument {
  const base = emptyDocument('t');
  return {
    ...base,
    training: { ...base.training, dataset: { kind: 'random', samples: 64, classes: 10 } },
    nodes: [
      { ...createNode('Input', 'in', { x: 0, y: 0 }), params: { shape: [3, 32, 32] } },
      { ...createNode('Conv2d', 'c1', { x: 300, y: 19 }), params: { ...createNode('Conv2d', 'c1', { x: 0, y: 0 }).params, in_channels: 3, padding: 1 } },
      createNode('ReLU', 'r1', { x: 600, y: 27 }),
      createNode('MaxPool2d', 'p1', { x: 900, y: 19 }),
    ],
    edges: [
      { id: 'e1', from: { node: 'in', port: 'x' }, to: { node: 'c1', port: 'in' } },
      { id: 'e2', from: { node: 'c1', port: 'out' }, to: { node: 'r1', port: 'in' } },
      { id: 'e3', from: { node: 'r1', port: 'out' }, to: { node: 'p1', port: 'in' } },
    ],
  };
}

const apply = (doc: ProjectDocument, plan: { cmd: Parameters<typeof applyCommand>[1] }) => applyCommand(doc, plan.cmd);

describe('adding after the selection', () => {
  it('appends to a free output, wired, one step to the right and level with the wire', () => {
    const doc = firstBlock();
    const plan = planAddLayer(doc, 'Flatten', { after: ['p1'] });
    const out = apply(doc, plan);
    const [id] = plan.nodeIds;
    expect(out.edges.find((e) => e.to.node === id)).toMatchObject({ from: { node: 'p1', port: 'out' }, to: { port: 'in' } });
    const n = out.nodes.find((x) => x.id === id)!;
    expect(n.position.x).toBeGreaterThan(900 + 190);
    expect(plan.cmd.kind).toBe('addNodes');
  });

  it('inserts into the one wire leaving the tail, pushing what follows along', () => {
    const doc = firstBlock();
    const plan = planAddLayer(doc, 'Tanh', { after: ['c1'] });
    const out = apply(doc, plan);
    const [id] = plan.nodeIds;
    expect(out.edges.some((e) => e.from.node === 'c1' && e.to.node === 'r1')).toBe(false);
    expect(out.edges.find((e) => e.to.node === id)?.from.node).toBe('c1');
    expect(out.edges.find((e) => e.from.node === id)?.to.node).toBe('r1');
    // r1 and p1 moved right to make room; the Input did not.
    expect(out.nodes.find((n) => n.id === 'r1')!.position.x).toBeGreaterThan(600);
    expect(out.nodes.find((n) => n.id === 'in')!.position).toEqual({ x: 0, y: 0 });
    expect(checkDocument(out).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['GRAPH_NO_LOSS']);
  });

  it('a loss gets its input from the tail and its target from the Input’s labels', () => {
    const doc = firstBlock();
    let d = apply(doc, planAddLayer(doc, 'Flatten', { after: ['p1'] }));
    d = apply(d, planAddLayer(d, 'Linear', { after: [d.nodes.at(-1)!.id] }));
    const plan = planAddLayer(d, 'CrossEntropyLoss', { after: [d.nodes.at(-1)!.id] });
    const out = apply(d, plan);
    const into = out.edges.filter((e) => e.to.node === plan.nodeIds[0]).map((e) => `${e.from.node}.${e.from.port}->${e.to.port}`);
    expect(into.sort()).toEqual([`${d.nodes.at(-1)!.id}.out->input`, 'in.y->target'].sort());
    expect(checkDocument(out).diagnostics).toEqual([]);
  });

  it('the tail of a chain selection is its last layer in data order', () => {
    expect(selectionTail(firstBlock(), ['r1', 'p1', 'c1'])?.id).toBe('p1');
    expect(selectionTail(firstBlock(), [])).toBeUndefined();
  });
});

describe('adding from a wire', () => {
  it('a wire from labels dropped on the canvas offers losses and lands on their target', () => {
    const doc = firstBlock();
    const from = { node: 'in', port: 'y' };
    expect(acceptsFrom(doc, from, 'CrossEntropyLoss')).toBe(true);
    expect(acceptsFrom(doc, from, 'Linear')).toBe(false);
    const plan = planAddLayer(doc, 'CrossEntropyLoss', { from, at: { x: 500, y: 400 }, pointed: true });
    const out = apply(doc, plan);
    expect(out.edges.filter((e) => e.to.node === plan.nodeIds[0]).map((e) => e.to.port)).toEqual(['target']);
    expect(out.nodes.at(-1)!.position).toEqual({ x: 500, y: 400 });
  });

  it('a wire dragged back from an occupied input: the new layer feeds it and the old wire goes, in one step', () => {
    const doc = firstBlock();
    expect(feeds(doc, { node: 'r1', port: 'in' }, 'Tanh')).toBe(true);
    const plan = planAddLayer(doc, 'Tanh', { to: { node: 'r1', port: 'in' }, at: { x: 450, y: 200 }, pointed: true });
    expect(plan.cmd.kind).toBe('batch');
    const out = apply(doc, plan);
    expect(out.edges.filter((e) => e.to.node === 'r1').map((e) => e.from.node)).toEqual([plan.nodeIds[0]]);
    const s = undo(commit(initialEditorState(doc), plan.cmd, { label: plan.label }));
    expect(s.doc.edges).toEqual(doc.edges);
  });

  it('into a wire (a drop on it, Insert Layer…): between its ends, one undo restores it', () => {
    const doc = chain();
    const plan = planAddLayer(doc, 'Sigmoid', { intoEdge: 'e2', at: { x: 300, y: 500 }, pointed: true });
    const s = commit(initialEditorState(doc), plan.cmd, { label: plan.label });
    const id = plan.nodeIds[0];
    expect(s.doc.edges.find((e) => e.to.node === id)?.from.node).toBe('n2');
    expect(s.doc.edges.find((e) => e.from.node === id)?.to.node).toBe('n3');
    // Placed tidily after the wire's source, wherever on the wire it was dropped.
    expect(s.doc.nodes.find((n) => n.id === id)!.position.x).toBeGreaterThan(200 + 190);
    expect(undo(s).doc).toEqual(doc);
  });

  it('never into a label wire', () => {
    const doc = firstBlock();
    const withLoss = apply(doc, planAddLayer(doc, 'CrossEntropyLoss', { after: ['p1'] }));
    const labels = withLoss.edges.find((e) => e.from.port === 'y')!;
    const plan = planAddLayer(withLoss, 'ReLU', { intoEdge: labels.id });
    expect(apply(withLoss, plan).edges.find((e) => e.id === labels.id)).toBeDefined();
  });
});

describe('paste and duplicate', () => {
  it('duplicating a chain that is part of the graph repeats it after itself, wired, input sizes back to auto', () => {
    const doc = firstBlock();
    const clip = copySelection(doc, ['c1', 'r1', 'p1'])!;
    const plan = planPaste(doc, clip, { after: ['c1', 'r1', 'p1'], chain: true });
    const out = apply(doc, plan);
    const [c2] = plan.nodeIds;
    expect(out.edges.find((e) => e.to.node === c2)?.from.node).toBe('p1');
    expect(out.nodes.find((n) => n.id === c2)!.params).toMatchObject({ in_channels: 'auto', padding: 1, out_channels: 32 });
    expect(out.nodes.find((n) => n.id === c2)!.position.x).toBeGreaterThan(900 + 190);
    // 3×32×32 → 32×16×16 → 32×8×8 after the copy.
    const r = checkDocument(out);
    expect(r.nodes[plan.nodeIds[2]].outputs.out?.shape).toEqual([32, 8, 8]);
  });

  it('a lone, unwired layer is duplicated beside itself, not wired', () => {
    const doc = { ...emptyDocument('t'), nodes: [createNode('ReLU', 'a', { x: 0, y: 0 })] };
    const plan = planPaste(doc, copySelection(doc, ['a'])!, { after: ['a'], chain: true });
    const out = apply(doc, plan);
    expect(out.edges).toEqual([]);
    const p = out.nodes[1].position;
    expect(Math.abs(p.y) >= 90 || Math.abs(p.x) >= 190).toBe(true);
  });

  it('a paste at the pointer lands there unless a layer is there, then next to it', () => {
    const doc = chain();
    const clip = copySelection(doc, ['n3'])!;
    expect(apply(doc, planPaste(doc, clip, { at: { x: 900, y: 400 } })).nodes.at(-1)!.position).toEqual({ x: 900, y: 400 });
    const onTop = apply(doc, planPaste(doc, clip, { at: { x: 400, y: 0 } })).nodes.at(-1)!.position;
    expect(onTop.x === 400 && onTop.y === 0).toBe(false);
  });
});

describe('after a layer with no output', () => {
  it('a new layer goes beside the loss, unwired, not to the origin', () => {
    const doc = chain();
    const withLoss = applyCommand(doc, planAddLayer(doc, 'CrossEntropyLoss', { after: ['n3'] }).cmd);
    const loss = withLoss.nodes.at(-1)!;
    const plan = planAddLayer(withLoss, 'ReLU', { after: [loss.id] });
    const out = applyCommand(withLoss, plan.cmd);
    const n = out.nodes.at(-1)!;
    expect(n.position.x).toBeGreaterThan(loss.position.x);
    expect(out.edges.filter((e) => e.to.node === n.id)).toEqual([]);
  });
});
