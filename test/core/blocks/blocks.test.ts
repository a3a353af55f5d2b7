/**
 * Composite blocks in the core: the document's `blocks` map is validated with errors that
 * name the block and node; instances check, count and lower through their definitions; the
 * compiled names carry the instance path (`c1/conv.weight`, `c1/conv.fwd`).
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { buildProgram } from '../../../core/compile/programs';
import { paramLayout } from '../../../core/compile/paramLayout';
import type { ProjectDocument } from '../../../core/graph/document';
import { DocumentError, serializeDocument, validateDocument } from '../../../core/graph/parse';
import { exportInferenceModel } from '../../../core/onnx/export';
import { onnx } from 'onnx-proto';
import { chain, convNetFlat, convNetWithBlocks, customLayer, node } from './docs';

function refusal(doc: unknown): DocumentError {
  try {
    validateDocument(JSON.parse(JSON.stringify(doc)), { fileName: 'p.wiregrad.json' });
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentError);
    return e as DocumentError;
  }
  throw new Error('accepted');
}

describe('block definitions in the document', () => {
  it('round-trips through the parser with instances validated against exposed params', () => {
    const doc = validateDocument(JSON.parse(serializeDocument(convNetWithBlocks())));
    expect(Object.keys(doc.blocks!)).toEqual(['CustomLayer']);
    expect(doc.nodes.find((n) => n.id === 'c1')!.type).toBe('CustomLayer');
    const bad = convNetWithBlocks();
    bad.nodes[1].params = { out_channel: 8 };
    const e = refusal(bad);
    expect(e.code).toBe('DOC_UNKNOWN_PARAM');
    expect(e.message).toMatch(/node "c1" \(CustomLayer\) has no parameter "out_channel"; it takes out_channels, kernel_size, padding/);
  });

  it.each([
    ['binding to a missing node', (d: ProjectDocument) => (d.blocks!.CustomLayer.params.kernel_size.bind = [{ node: 'cnv', param: 'kernel_size' }]), 'DOC_BLOCK_PARAM', /block "CustomLayer": parameter "kernel_size" sets node "cnv"/],
    ['binding to a missing param', (d: ProjectDocument) => (d.blocks!.CustomLayer.params.kernel_size.bind = [{ node: 'conv', param: 'kernel' }]), 'DOC_BLOCK_PARAM', /"kernel" of node "conv" \(Conv2d\)/],
    ['a default of the wrong kind', (d: ProjectDocument) => (d.blocks!.CustomLayer.params.out_channels.default = 'wide'), 'DOC_BLOCK_PARAM', /out_channels must be an integer/],
    ['a pin on a missing port', (d: ProjectDocument) => (d.blocks!.CustomLayer.outputs = [{ name: 'out', node: 'relu', port: 'y' }]), 'DOC_BLOCK_PIN', /output pin "out": node "relu" \(ReLU\) has no output "y"/],
    ['an unknown inner layer', (d: ProjectDocument) => (d.blocks!.CustomLayer.nodes[1].type = 'Relu'), 'DOC_UNKNOWN_LAYER', /block "CustomLayer": node "relu" has unknown layer type "Relu" \(did you mean "ReLU"\?\)/],
    ['a loss inside', (d: ProjectDocument) => d.blocks!.CustomLayer.nodes.push(node('l', 'MSELoss')), 'DOC_BLOCK_CONTENT', /node "l" is a loss/],
    ['a built-in name', (d: ProjectDocument) => (d.blocks = { Linear: customLayer() }), 'DOC_BLOCK_NAME', /built-in layer/],
    ['a skeleton error', (d: ProjectDocument) => ((d.blocks!.CustomLayer as unknown as Record<string, unknown>).inputs = 5), 'DOC_BLOCK', /block "CustomLayer": inputs must be a list of pins/],
  ])('refuses %s with a message naming the block', (_what, mutate, code, words) => {
    const doc = convNetWithBlocks();
    mutate(doc);
    const e = refusal(doc);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(words);
    expect(e.message.startsWith('p.wiregrad.json')).toBe(true);
  });

  it('refuses blocks that contain themselves, naming the chain', () => {
    const doc = convNetWithBlocks();
    const a = customLayer();
    a.nodes.push(node('inner', 'B'));
    const b = customLayer();
    b.nodes.push(node('inner', 'A'));
    doc.blocks = { ...doc.blocks, A: a, B: b };
    const e = refusal(doc);
    expect(e.code).toBe('DOC_BLOCK_CYCLE');
    expect(e.message).toMatch(/block "A" contains itself \(A → B → A\)/);
  });
});

describe('checking through blocks', () => {
  it('gives an instance its output shape, parameter count and FLOPs, and the inner layers theirs by path', () => {
    const r = checkDocument(convNetWithBlocks());
    const flat = checkDocument(convNetFlat());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.nodes.c1.outputs.out!.shape).toEqual([8, 28, 28]);
    expect(r.nodes.c1.paramCount).toBe(8 * 9 + 8);
    expect(r.nodes.c2.paramCount).toBe(16 * 8 * 9 + 16);
    expect(r.nodes.c1.flops).toBe(flat.nodes['c1/conv'].flops + flat.nodes['c1/relu'].flops);
    expect(r.inner!['c2/conv'].outputs.out!.shape).toEqual([16, 14, 14]);
    expect(r.totalParams).toBe(flat.totalParams);
    expect(r.totalFlops).toBe(flat.totalFlops);
    expect(r.nodes.c1.params).toMatchObject({ out_channels: 8, kernel_size: [3, 3], padding: [1, 1] });
    expect(r.edges.e3!.shape).toEqual([8, 14, 14]);
  });

  it('shows a shape error inside an instance on the instance, with the inner path and the fix for the inner node', () => {
    const doc = convNetWithBlocks();
    doc.blocks!.CustomLayer.nodes[0].params = { in_channels: 3 };
    const r = checkDocument(doc);
    const d = r.diagnostics.find((x) => x.code === 'CONV_IN_CHANNELS')!;
    expect(d.nodeId).toBe('c1');
    expect(d.path).toBe('c1/conv');
    expect(d.message).toMatch(/^conv \(inside c1\): Conv2d receives 1 channels, not 3/);
    expect(d.fix).toMatchObject({ kind: 'setParam', nodeId: 'c1/conv', param: 'in_channels', value: 1 });
  });

  it('works through nested blocks: parameters reach the innermost layer and names carry the whole path', () => {
    const doc = convNetWithBlocks();
    doc.blocks!.Double = {
      params: { out_channels: { default: 4, bind: [{ node: 'a', param: 'out_channels' }, { node: 'b', param: 'out_channels' }] } },
      inputs: [{ name: 'in', node: 'a', port: 'in' }],
      outputs: [{ name: 'out', node: 'b', port: 'out' }],
      nodes: [node('a', 'CustomLayer'), node('b', 'CustomLayer', { kernel_size: 5, padding: 2 })],
      edges: chain('', 'a', 'b'),
    };
    doc.nodes[1] = node('c1', 'Double', { out_channels: 6 });
    const parsed = validateDocument(JSON.parse(serializeDocument(doc)));
    const r = checkDocument(parsed);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.inner!['c1/b/conv'].outputs.out!.shape).toEqual([6, 28, 28]);
    const names = paramLayout(parsed, r).slots.map((s) => s.name);
    expect(names.slice(0, 4)).toEqual(['c1/a/conv.weight', 'c1/a/conv.bias', 'c1/b/conv.weight', 'c1/b/conv.bias']);
    expect(paramLayout(parsed, r).slots[2].shape).toEqual([6, 6, 5, 5]);
  });

  it('lowers instances inline: parameter and ONNX node names carry the instance path', () => {
    const doc = convNetWithBlocks();
    const compiled = buildProgram(doc, 'train', 4);
    expect(compiled.layout.slots.map((s) => s.name)).toEqual(['c1/conv.weight', 'c1/conv.bias', 'c2/conv.weight', 'c2/conv.bias', 'fc.weight', 'fc.bias']);
    const names = compiled.program.nodes.map((n) => n.name);
    expect(names.some((n) => n.startsWith('c1/conv.fwd'))).toBe(true);
    expect(names.some((n) => n.startsWith('c2/relu.fwd') || n.startsWith('c2/conv.fwd'))).toBe(true);
    const model = onnx.ModelProto.decode(exportInferenceModel(doc));
    expect(model.graph!.initializer!.map((t) => t.name)).toContain('c2/conv.weight');
  });
});
