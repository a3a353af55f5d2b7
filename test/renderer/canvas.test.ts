import { describe, expect, it } from 'vitest';
import { layerCatalog } from '../../core/layers/index';
import { emptyDocument, type ProjectDocument } from '../../core/graph/document';
import { checkDocument } from '../../core/check/check';
import { connectionProblem } from '../../renderer/canvas/connectRules';
import { filterLayers, paletteSections } from '../../renderer/palette/paletteModel';
import { freeSpot } from '../../renderer/canvas/placement';
import { edgesFor, FlowCache } from '../../renderer/canvas/toFlow';
import { planFix } from '../../renderer/store/fixes';
import { applyCommand } from '../../renderer/store/commands';
import { createNode } from '../../renderer/store/nodeFactory';
import { checkFor, estimateMemoryBytes } from '../../renderer/store/derived';
import { EMPTY_SELECTION } from '../../renderer/store/editor';

/** Input(1×28×28) -> Linear(in 784) -> CrossEntropyLoss, but no Flatten: the course's classic mistake. */
function noFlatten(): ProjectDocument {
  return {
    ...emptyDocument('t'),
    nodes: [
      createNode('Input', 'n1', { x: 0, y: 0 }),
      { ...createNode('Linear', 'n2', { x: 300, y: 0 }), params: { in_features: 'auto', out_features: 10, bias: true } },
      createNode('CrossEntropyLoss', 'n3', { x: 600, y: 0 }),
    ],
    edges: [
      { id: 'e1', from: { node: 'n1', port: 'x' }, to: { node: 'n2', port: 'in' } },
      { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n3', port: 'input' } },
      { id: 'e3', from: { node: 'n1', port: 'y' }, to: { node: 'n3', port: 'target' } },
    ],
  };
}

describe('palette', () => {
  it('groups every layer type in palette order', () => {
    const sections = paletteSections(layerCatalog, '');
    expect(sections.map((s) => s.title)).toEqual(['Input', 'Layers', 'Normalization', 'Dropout', 'Activations', 'Pooling', 'Merge', 'Reshape', 'Losses']);
    expect(sections.flatMap((s) => s.items).length).toBe(layerCatalog.length);
  });
  it('search ranks type-name prefixes first', () => {
    expect(filterLayers(layerCatalog, 'lin')[0].type).toBe('Linear');
    expect(filterLayers(layerCatalog, 'pool').map((d) => d.type)).toEqual(expect.arrayContaining(['MaxPool2d', 'AvgPool2d']));
    expect(paletteSections(layerCatalog, 'zzz')).toEqual([]);
  });
});

describe('connection rules', () => {
  const doc = noFlatten();
  it('accepts a tensor to a tensor input', () => {
    expect(connectionProblem(doc, { source: 'n1', sourceHandle: 'x', target: 'n2', targetHandle: 'in' })).toBeNull();
  });
  it('refuses labels into a layer and activations into a target', () => {
    expect(connectionProblem(doc, { source: 'n1', sourceHandle: 'y', target: 'n2', targetHandle: 'in' })).toMatch(/labels/);
    expect(connectionProblem(doc, { source: 'n2', sourceHandle: 'out', target: 'n3', targetHandle: 'target' })).toMatch(/labels/);
  });
  it('refuses self-loops and cycles', () => {
    expect(connectionProblem(doc, { source: 'n2', sourceHandle: 'out', target: 'n2', targetHandle: 'in' })).toMatch(/itself/);
    const d2 = applyCommand(doc, { kind: 'addNodes', nodes: [createNode('ReLU', 'n4', { x: 0, y: 0 })], edges: [{ id: 'e4', from: { node: 'n2', port: 'out' }, to: { node: 'n4', port: 'in' } }] });
    const d3 = applyCommand(d2, { kind: 'addNodes', nodes: [createNode('Linear', 'n5', { x: 0, y: 0 })], edges: [{ id: 'e5', from: { node: 'n4', port: 'out' }, to: { node: 'n5', port: 'in' } }] });
    expect(connectionProblem(d3, { source: 'n5', sourceHandle: 'out', target: 'n2', targetHandle: 'in' })).toMatch(/cycle/);
  });
  it('a port past num_inputs is unknown; num_inputs 3 adds in2', () => {
    const d2 = applyCommand(doc, { kind: 'addNodes', nodes: [createNode('Add', 'n9', { x: 0, y: 0 })], edges: [] });
    expect(connectionProblem(d2, { source: 'n2', sourceHandle: 'out', target: 'n9', targetHandle: 'in2' })).toMatch(/unknown port/);
    const d3 = { ...d2, nodes: d2.nodes.map((n) => (n.id === 'n9' ? { ...n, params: { num_inputs: 3 } } : n)) };
    expect(connectionProblem(d3, { source: 'n2', sourceHandle: 'out', target: 'n9', targetHandle: 'in2' })).toBeNull();
  });
});

describe('fixes', () => {
  it('insert Flatten fixes the missing-Flatten error in one command', () => {
    const doc = noFlatten();
    const fix = checkDocument(doc).diagnostics.find((d) => d.fix?.kind === 'insertFlatten')?.fix;
    expect(fix).toBeDefined();
    const plan = planFix(doc, fix!)!;
    const fixed = applyCommand(doc, plan.cmd);
    expect(fixed.nodes.some((n) => n.type === 'Flatten')).toBe(true);
    expect(checkDocument(fixed).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.select).toBe('n4');
  });
  it('setParam fix sets the inferred value', () => {
    const doc = applyCommand(noFlatten(), { kind: 'setParam', nodeId: 'n2', param: 'in_features', value: 100 });
    const plan = planFix(doc, { kind: 'setParam', nodeId: 'n2', param: 'in_features', value: 784, label: 'set in_features to 784' })!;
    expect(applyCommand(doc, plan.cmd).nodes[1].params.in_features).toBe(784);
  });
  it('addLoss wires the output and the labels', () => {
    const doc = applyCommand(noFlatten(), { kind: 'remove', nodeIds: ['n3'], edgeIds: [] });
    const plan = planFix(doc, { kind: 'addLoss', afterNodeId: 'n2', lossType: 'CrossEntropyLoss', label: 'add loss' })!;
    const out = applyCommand(doc, plan.cmd);
    const loss = out.nodes.find((n) => n.type === 'CrossEntropyLoss')!;
    expect(out.edges.filter((e) => e.to.node === loss.id).map((e) => e.to.port).sort()).toEqual(['input', 'target']);
  });
});

describe('flow derivation', () => {
  it('labels edges with batch-inclusive shapes and flags the broken one', () => {
    const doc = noFlatten();
    const edges = edgesFor(doc, checkDocument(doc), EMPTY_SELECTION);
    expect(edges.find((e) => e.id === 'e1')!.data!.label).toBe('64×1×28×28');
    expect(edges.find((e) => e.id === 'e1')!.data!.broken).toBe(true);
    expect(edges.find((e) => e.id === 'e3')!.data!.isLabel).toBe(true);
  });
  it('reuses node objects when nothing about them changed', () => {
    const doc = noFlatten();
    const cache = new FlowCache();
    const check = checkFor(doc);
    const a = cache.nodesFor(doc, check, EMPTY_SELECTION, new Map());
    const moved = applyCommand(doc, { kind: 'moveNodes', positions: { n3: { x: 1, y: 1 } } });
    const b = cache.nodesFor(moved, checkFor(moved), EMPTY_SELECTION, new Map());
    expect(b[0]).toBe(a[0]);
    expect(b[2]).not.toBe(a[2]);
    // Moving does not re-run the checker.
    expect(checkFor(moved)).toBe(check);
  });
});

describe('placement and estimates', () => {
  it('finds a free spot below occupied ones', () => {
    const doc = noFlatten();
    const p = freeSpot(doc, { x: 0, y: 0 }, new Map());
    expect(p.x).toBe(0);
    expect(p.y).toBeGreaterThan(90);
  });
  it('estimates memory from params and activations', () => {
    const doc = noFlatten();
    expect(estimateMemoryBytes(doc, checkFor(doc))).toBeGreaterThan(0);
  });
});
