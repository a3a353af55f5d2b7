/**
 * Add and Concat: nodes with several input ports (in0..in{n-1}). Shapes with broadcasting,
 * diagnostics that name the port and offer a fix, ports that follow num_inputs, and a
 * residual network that trains through ONNX Runtime.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { fixesOf } from '../../../core/check/diagnostics';
import { buildProgram } from '../../../core/compile/programs';
import { parseDocument, serializeDocument } from '../../../core/graph/parse';
import { getLayer } from '../../../core/layers/index';
import { inputPorts } from '../../../core/layers/ports';
import { graphDoc } from '../../helpers/docs';

const conv = (out: number) => ({ out_channels: out, kernel_size: 3, padding: 1 });

describe('Add', () => {
  it('a residual connection: x + conv(x) keeps the shape; FLOPs count one add per element', () => {
    const doc = graphDoc([4, 6, 6], [['conv', 'Conv2d', conv(4), ['input']], ['add', 'Add', {}, ['input', 'conv']], ['flat', 'Flatten', {}, ['add']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const check = checkDocument(doc);
    expect(check.diagnostics).toEqual([]);
    expect(check.nodes.add.outputs.out!.shape).toEqual([4, 6, 6]);
    expect(check.nodes.add.flops).toBe(144);
    expect(check.nodes.add.paramCount).toBe(0);
  });

  it('broadcasts a size-1 dimension as PyTorch does, and takes three inputs', () => {
    const doc = graphDoc([4, 6, 6], [
      ['pool', 'AvgPool2d', { kernel_size: 6 }, ['input']],
      ['add', 'Add', { num_inputs: 3 }, ['input', 'pool', 'input']],
      ['flat', 'Flatten', {}, ['add']], ['fc', 'Linear', { out_features: 3 }, ['flat']],
    ]);
    const check = checkDocument(doc);
    expect(check.diagnostics).toEqual([]);
    expect(check.nodes.add.outputs.out!.shape).toEqual([4, 6, 6]);
    expect(inputPorts(getLayer('Add'), { num_inputs: 3 }).map((p) => p.name)).toEqual(['in0', 'in1', 'in2']);
  });

  it('a channel mismatch names the port and offers to change the producing Conv2d', () => {
    const doc = graphDoc([4, 6, 6], [['conv', 'Conv2d', conv(8), ['input']], ['add', 'Add', {}, ['input', 'conv']], ['flat', 'Flatten', {}, ['add']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const d = checkDocument(doc).diagnostics.find((x) => x.code === 'ADD_SHAPE')!;
    expect(d.port).toBe('in1');
    expect(d.message).toContain("Add's in1 (8×6×6) does not match in0 (4×6×6) in dim 1 (channels)");
    expect(fixesOf(d)).toEqual([{ kind: 'setParam', nodeId: 'conv', param: 'out_channels', value: 4, label: "set conv's out_channels to 4" }]);
  });

  it('different ranks are an error that suggests Flatten', () => {
    const doc = graphDoc([4, 6, 6], [['flat', 'Flatten', {}, ['input']], ['add', 'Add', {}, ['input', 'flat']], ['fc', 'Linear', { out_features: 3 }, ['add']]]);
    expect(checkDocument(doc).diagnostics.find((x) => x.code === 'ADD_RANK')!.message).toContain('insert Flatten');
  });

  it('an edge into a port past num_inputs still opens, and the checker offers the port back', () => {
    const doc = graphDoc([4, 6, 6], [['add', 'Add', { num_inputs: 3 }, ['input', 'input', 'input']], ['flat', 'Flatten', {}, ['add']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const lowered = parseDocument(serializeDocument({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'add' ? { ...n, params: { num_inputs: 2 } } : n)) }), 'x.wiregrad.json');
    const d = checkDocument(lowered).diagnostics.find((x) => x.code === 'EDGE_UNKNOWN_PORT')!;
    expect(d).toMatchObject({ nodeId: 'add', port: 'in2', severity: 'error' });
    expect(d.fix).toMatchObject({ kind: 'setParam', param: 'num_inputs', value: 3 });
    expect(() => parseDocument(serializeDocument({ ...doc, edges: [...doc.edges, { id: 'bad', from: { node: 'input', port: 'x' }, to: { node: 'add', port: 'inX' } }] }), 'x.wiregrad.json')).toThrow(/no input "inX"/);
  });

  it('lowers to Add nodes and compiles a training step', () => {
    const doc = graphDoc([4, 6, 6], [['conv', 'Conv2d', conv(4), ['input']], ['add', 'Add', { num_inputs: 3 }, ['input', 'conv', 'conv']], ['flat', 'Flatten', {}, ['add']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const c = buildProgram(doc, 'train', 2);
    expect(c.program.nodes.filter((n) => n.name.startsWith('add.fwd') && n.op === 'Add')).toHaveLength(2);
  });
});

describe('Concat', () => {
  it('joins channels by default (dim 1) and features of vectors', () => {
    const doc = graphDoc([4, 6, 6], [['conv', 'Conv2d', conv(8), ['input']], ['cat', 'Concat', {}, ['input', 'conv']], ['flat', 'Flatten', {}, ['cat']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const check = checkDocument(doc);
    expect(check.diagnostics).toEqual([]);
    expect(check.nodes.cat.outputs.out!.shape).toEqual([12, 6, 6]);
    const vec = graphDoc([5], [['a', 'Linear', { out_features: 3 }, ['input']], ['cat', 'Concat', { dim: -1, num_inputs: 3 }, ['input', 'a', 'a']], ['fc', 'Linear', { out_features: 3 }, ['cat']]]);
    expect(checkDocument(vec).nodes.cat.outputs.out!.shape).toEqual([11]);
  });

  it('a mismatch outside the joined dim names the port, and offers the dim where they differ', () => {
    const doc = graphDoc([4, 6, 6], [['pool', 'MaxPool2d', { kernel_size: [1, 2] }, ['input']], ['cat', 'Concat', { num_inputs: 2 }, ['input', 'pool']], ['flat', 'Flatten', {}, ['cat']], ['fc', 'Linear', { out_features: 3 }, ['flat']]]);
    const d = checkDocument(doc).diagnostics.find((x) => x.code === 'CONCAT_SHAPE')!;
    expect(d.port).toBe('in1');
    expect(d.message).toContain("Concat's in1 (4×6×3) does not match in0 (4×6×6) in dim 3 (width)");
    expect(d.fix).toMatchObject({ kind: 'setParam', param: 'dim', value: 3 });
  });

  it('dim 0 (the batch) is refused with a fix', () => {
    const doc = graphDoc([5], [['cat', 'Concat', { dim: 0 }, ['input', 'input']], ['fc', 'Linear', { out_features: 3 }, ['cat']]]);
    expect(checkDocument(doc).diagnostics.find((x) => x.code === 'CONCAT_BATCH')!.fix).toMatchObject({ param: 'dim', value: 1 });
  });
});
