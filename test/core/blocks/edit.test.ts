/**
 * Make block and Ungroup as pure document transforms, on the LeNet template: the network is
 * the same before and after (shapes, parameter counts, parameter shapes in order), pins come
 * from the crossing wires, exposed parameters reach both instances, and Ungroup gives the
 * layers back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planMakeBlock, planUngroup, suggestExposed, type MakeBlockPlan, type UngroupPlan } from '../../../core/blocks/edit';
import { checkDocument } from '../../../core/check/check';
import { paramLayout } from '../../../core/compile/paramLayout';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument, serializeDocument } from '../../../core/graph/parse';

const lenet = () => parseDocument(fs.readFileSync(path.resolve(__dirname, '../../../assets/templates/mnist-lenet.wiregrad.json'), 'utf8'));

function applyMake(doc: ProjectDocument, p: MakeBlockPlan): ProjectDocument {
  const gone = new Set(p.removeEdgeIds);
  const nodes = doc.nodes.filter((n) => !p.removeNodeIds.includes(n.id));
  return { ...doc, blocks: { ...doc.blocks, [p.name]: p.block }, nodes: [...nodes, p.instance], edges: [...doc.edges.filter((e) => !gone.has(e.id)), ...p.addEdges] };
}

function applyUngroup(doc: ProjectDocument, p: UngroupPlan): ProjectDocument {
  const gone = new Set(p.removeEdgeIds);
  return { ...doc, nodes: [...doc.nodes.filter((n) => !p.removeNodeIds.includes(n.id)), ...p.addNodes], edges: [...doc.edges.filter((e) => !gone.has(e.id)), ...p.addEdges] };
}

const shapes = (doc: ProjectDocument) => paramLayout(doc, checkDocument(doc)).slots.map((s) => s.shape.join('x'));

describe('Make block and Ungroup', () => {
  it('turns conv1 + relu1 into a CustomLayer instance with pins from the crossing wires; the network stays the same', () => {
    const doc = lenet();
    const before = checkDocument(doc);
    const expose = suggestExposed(doc, ['conv1', 'relu1']);
    expect(expose).toEqual([{ node: 'conv1', param: 'out_channels' }, { node: 'conv1', param: 'kernel_size' }]);
    const plan = planMakeBlock(doc, before, ['conv1', 'relu1'], { name: 'CustomLayer', instanceId: 'b1', expose });
    expect(plan.block.inputs).toEqual([{ name: 'in', node: 'conv1', port: 'in' }]);
    expect(plan.block.outputs).toEqual([{ name: 'out', node: 'relu1', port: 'out' }]);
    expect(plan.block.params).toEqual({ out_channels: { default: 6, bind: [{ node: 'conv1', param: 'out_channels' }] }, kernel_size: { default: 5, bind: [{ node: 'conv1', param: 'kernel_size' }] } });
    // in_channels was 1 in the template; inside a reusable block it is inferred again.
    expect(plan.block.nodes[0].params.in_channels).toBe('auto');
    const made = parseDocument(serializeDocument(applyMake(doc, plan)));
    const after = checkDocument(made);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(after.totalParams).toBe(before.totalParams);
    expect(after.nodes.b1.outputs.out).toEqual(before.nodes.relu1.outputs.out);
    expect(shapes(made)).toEqual(shapes(doc));
    expect(paramLayout(made, after).slots[0].name).toBe('b1/conv1.weight');

    const back = applyUngroup(made, planUngroup(made, 'b1', (id) => made.nodes.some((n) => n.id === id)));
    expect(checkDocument(back).totalParams).toBe(before.totalParams);
    expect(shapes(back)).toEqual(shapes(doc));
    expect(back.nodes.map((n) => n.id)).toContain('b1_conv1');
  });

  it('a second instance and a changed default: both instances follow the definition', () => {
    const doc = lenet();
    const plan = planMakeBlock(doc, checkDocument(doc), ['conv1', 'relu1'], { name: 'CustomLayer', instanceId: 'b1', expose: [{ node: 'conv1', param: 'out_channels' }] });
    const made = applyMake(doc, plan);
    // b2 right after b1: b1 → b2 → pool1.
    const out = made.edges.find((e) => e.from.node === 'b1')!;
    made.nodes.push({ id: 'b2', type: 'CustomLayer', params: {}, position: { x: 0, y: 0 } });
    made.edges = [...made.edges.filter((e) => e !== out), { id: 'x1', from: { node: 'b1', port: 'out' }, to: { node: 'b2', port: 'in' } }, { ...out, from: { node: 'b2', port: 'out' } }];
    made.blocks!.CustomLayer = { ...made.blocks!.CustomLayer, params: { out_channels: { ...made.blocks!.CustomLayer.params.out_channels, default: 4 } } };
    const r = checkDocument(made);
    expect(r.nodes.b1.outputs.out!.shape).toEqual([4, 28, 28]);
    expect(r.nodes.b2.outputs.out!.shape).toEqual([4, 28, 28]); // kernel 5, padding 2: same size
    expect(r.nodes.b2.paramCount).toBe(4 * 4 * 25 + 4);
  });

  it('refuses a selection with the loss or the Input', () => {
    const doc = lenet();
    expect(() => planMakeBlock(doc, checkDocument(doc), ['fc3', 'loss'], { name: 'X', instanceId: 'b1', expose: [] })).toThrow(/loss stay in the main graph/);
  });
});
