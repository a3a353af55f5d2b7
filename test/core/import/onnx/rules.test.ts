/**
 * Import rules on small hand-written ONNX models: what each op becomes, and that the
 * re-export computes what the original computes (ONNX Runtime on both). Opaque ops are
 * written back unchanged, shapes inferred, and training them is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { buildProgram } from '../../../../core/compile/programs';
import { importOnnx, type ImportResult } from '../../../../core/import/onnx/importer';
import { exportInferenceModel } from '../../../../core/onnx/export';
import { ortOpRunner } from '../../../../core/runtime/opProbe';
import { Rng } from '../../../../core/util/rng';
import { createSession, ort } from '../../onnx/ortHelpers';
import { floatTensor, intTensor, modelBytes, node, tinyConvNet, tinyMlp, upsampled, type ModelSpec } from './build';
import { relativeDiff } from './fixtures';

async function outputs(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const s = await createSession(bytes);
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, shape) });
  await s.release();
  return out[s.outputNames[0]].data as Float32Array;
}

/** Imports the model and checks the re-export against the original on a random batch of 3. */
async function roundTrip(spec: ModelSpec): Promise<ImportResult> {
  const bytes = modelBytes(spec);
  const r = await importOnnx(bytes, { layout: false });
  const shape = [3, ...spec.sample];
  const rng = new Rng(9);
  const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));
  const exported = exportInferenceModel(r.doc, { weights: new Map([...r.weights].map(([k, w]) => [k, w.data])) });
  expect(relativeDiff(await outputs(exported, x, shape), await outputs(bytes, x, shape))).toBeLessThanOrEqual(1e-5);
  return r;
}

const types = (r: ImportResult) => r.doc.nodes.map((n) => n.type);

describe('import rules', () => {
  it('Gemm with transB=1, MatMul + Add → Linear layers (bias fused)', async () => {
    const r = await roundTrip(tinyMlp());
    expect(types(r)).toEqual(['Input', 'Linear', 'ReLU', 'Linear', 'CrossEntropyLoss']);
    expect(r.doc.nodes[1].id).toBe('fc1');
    expect(r.doc.nodes[3].params).toEqual({ in_features: 3, out_features: 2, bias: true });
  });

  it('Gemm with transB=0, alpha and beta', async () => {
    const spec: ModelSpec = {
      sample: [4],
      nodes: [node('Gemm', ['x', 'W', 'C'], ['y'], { alpha: { f: 0.5 }, beta: { f: 2 } })],
      initializers: [floatTensor('W', [4, 3]), floatTensor('C', [3], undefined, 2)],
    };
    expect(types(await roundTrip(spec))).toEqual(['Input', 'Linear', 'CrossEntropyLoss']);
  });

  it('Conv, MaxPool and the x.view(x.size(0), -1) chain → Conv2d, MaxPool2d, Flatten', async () => {
    expect(types(await roundTrip(tinyConvNet()))).toEqual(['Input', 'Conv2d', 'MaxPool2d', 'Flatten', 'Linear', 'CrossEntropyLoss']);
  });

  it('Dropout (ratio input), Identity, Softmax, BatchNormalization on vectors', async () => {
    const spec: ModelSpec = {
      sample: [4],
      nodes: [
        node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['n'], { epsilon: { f: 1e-3 }, momentum: { f: 0.8 } }),
        node('Dropout', ['n', 'ratio'], ['d']),
        node('Identity', ['d'], ['i']),
        node('Gemm', ['i', 'W', 'B'], ['g'], { transB: 1 }),
        node('Softmax', ['g'], ['y'], { axis: -1 }),
      ],
      initializers: [
        floatTensor('s', [4]), floatTensor('b', [4], undefined, 2), floatTensor('m', [4], undefined, 3), floatTensor('v', [4], [1, 2, 0.5, 3]),
        floatTensor('ratio', [], [0.25]), floatTensor('W', [5, 4], undefined, 4), floatTensor('B', [5], undefined, 5),
      ],
    };
    const r = await roundTrip(spec);
    expect(types(r)).toEqual(['Input', 'BatchNorm1d', 'Dropout', 'Linear', 'Softmax', 'CrossEntropyLoss']);
    expect(r.doc.nodes[1].params).toMatchObject({ eps: Math.fround(1e-3), momentum: 0.2 });
    expect(r.doc.nodes[2].params).toEqual({ p: 0.25 });
    expect(r.warnings.join()).toMatch(/ends in Softmax/);
  });

  it('Clip → ReLU6 for [0, 6], ReLU for [0, ∞), Hardtanh for other bounds (inputs since opset 11, attributes before); a max alone stays opaque', async () => {
    const spec = (bounds: string[]): ModelSpec => ({
      sample: [4],
      nodes: [node('Gemm', ['x', 'W', 'B'], ['g'], { transB: 1 }), node('Clip', ['g', ...bounds], ['c']), node('Gemm', ['c', 'W2', 'B2'], ['y'], { transB: 1 })],
      initializers: [floatTensor('W', [5, 4], undefined, 2), floatTensor('B', [5], undefined, 3), floatTensor('W2', [3, 5], undefined, 4), floatTensor('B2', [3]),
        floatTensor('zero', [], [0]), floatTensor('six', [], [6]), floatTensor('lo', [], [-0.25]), floatTensor('hi', [], [0.3])],
    });
    const clipOf = (r: ImportResult) => r.doc.nodes[2];
    expect(clipOf(await roundTrip(spec(['zero', 'six']))).type).toBe('ReLU6');
    expect(clipOf(await roundTrip(spec(['zero']))).type).toBe('ReLU');
    const ht = clipOf(await roundTrip(spec(['lo', 'hi'])));
    expect(ht).toMatchObject({ type: 'Hardtanh', params: { min_val: Math.fround(-0.25), max_val: Math.fround(0.3) } });
    // Opset 10: bounds as attributes.
    const old = await roundTrip({ ...spec([]), opset: 10, nodes: spec([]).nodes.map((n) => (n.opType === 'Clip' ? node('Clip', ['g'], ['c'], { min: { f: -0.5 }, max: { f: 0.5 } }) : n)) });
    expect(clipOf(old)).toMatchObject({ type: 'Hardtanh', params: { min_val: -0.5, max_val: 0.5 } });
    // Only a max: no PyTorch activation clamps from above alone.
    expect(clipOf(await roundTrip(spec(['', 'six']))).type).toBe('OnnxOp');
  });

  it('Gelu (opset 20) → GELU in both forms: approximate "tanh" is kept as GELU(approximate=\'tanh\'), and the re-export (Tanh, opset 13) equals the original', async () => {
    const spec = (approximate: string): ModelSpec => ({
      sample: [4], opset: 20,
      nodes: [node('Gemm', ['x', 'W', 'B'], ['g'], { transB: 1 }), node('Gelu', ['g'], ['a'], { approximate }), node('Gemm', ['a', 'W2', 'B2'], ['y'], { transB: 1 })],
      // Large weights, so the scores reach where the two forms differ.
      initializers: [floatTensor('W', [5, 4], Array.from({ length: 20 }, (_, i) => ((i * 7) % 11) - 5)), floatTensor('B', [5], undefined, 3), floatTensor('W2', [3, 5], undefined, 4), floatTensor('B2', [3])],
    });
    expect((await roundTrip(spec('tanh'))).doc.nodes[2]).toMatchObject({ type: 'GELU', params: { approximate: 'tanh' } });
    const exact = (await roundTrip(spec('none'))).doc.nodes[2];
    expect(exact.type).toBe('GELU');
    expect(exact.params.approximate ?? 'none').toBe('none');
  });

  it('a Reshape to C×H×W is kept (opaque, batch entry 0 so the export keeps N symbolic)', async () => {
    const spec: ModelSpec = {
      sample: [12],
      nodes: [node('Reshape', ['x', 'shape'], ['r']), node('Conv', ['r', 'W'], ['c'], { kernel_shape: [1, 1] }), node('Flatten', ['c'], ['y'])],
      initializers: [intTensor('shape', [-1, 3, 2, 2]), floatTensor('W', [2, 3, 1, 1])],
    };
    const r = await roundTrip(spec);
    expect(types(r)).toEqual(['Input', 'OnnxOp', 'Conv2d', 'Flatten', 'CrossEntropyLoss']);
    expect(JSON.parse(r.doc.nodes[1].params.inputs as string)[1]).toEqual({ ints: [0, 3, 2, 2], dims: [4] });
  });
});

describe('what torchvision models taught (DenseNet, SqueezeNet)', () => {
  it('Concat of one tensor is that tensor; of 20 a chain of Concat layers; MaxPool in ceil mode stays opaque with its shape', async () => {
    const convs = Array.from({ length: 20 }, (_, i) => node('Conv', ['x', `w${i}`], [`c${i}`], { kernel_shape: [1, 1] }, `/block/conv${i}/Conv`));
    const spec: ModelSpec = {
      sample: [2, 5, 5],
      nodes: [
        ...convs,
        node('Concat', ['c0'], ['one'], { axis: 1 }),
        node('Concat', ['one', ...convs.slice(1).map((c) => c.output![0])], ['cat'], { axis: 1 }),
        node('MaxPool', ['cat'], ['p'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }),
        node('Flatten', ['p'], ['y']),
      ],
      initializers: convs.map((_, i) => floatTensor(`w${i}`, [1, 2, 1, 1], undefined, 10 + i)),
    };
    const r = await roundTrip(spec);
    expect(r.doc.nodes.filter((n) => n.type === 'Concat').map((n) => n.params.num_inputs)).toEqual([16, 5]);
    const pool = r.doc.nodes.find((n) => n.type === 'OnnxOp')!;
    expect(pool.params.op_type).toBe('MaxPool');
    expect(checkDocument(r.doc).nodes[pool.id].outputs.out0?.shape).toEqual([20, 3, 3]);
    expect(r.doc.nodes.find((n) => n.id.startsWith('block_conv0'))).toBeTruthy();
  });
});

describe('opaque ops (OnnxOp)', () => {
  const erfModel = (): ModelSpec => ({
    sample: [4],
    nodes: [
      node('Gemm', ['x', 'W', 'B'], ['g'], { transB: 1 }),
      node('Erf', ['g'], ['e']),
      node('Mul', ['e', 'k'], ['m']),
      node('HardSigmoid', ['m'], ['y'], { alpha: { f: 0.3 } }),
    ],
    initializers: [floatTensor('W', [6, 4]), floatTensor('B', [6], undefined, 2), floatTensor('k', [6], undefined, 3)],
  });

  it('keep op type, attributes and constants; shapes inferred; the export equals the original', async () => {
    const r = await roundTrip(erfModel());
    expect(r.opaque).toEqual(['e_erf (Erf)', 'm (Mul)', 'y_hardsigmoid (HardSigmoid)']);
    const check = checkDocument(r.doc);
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check.diagnostics.filter((d) => d.code === 'ONNX_OP_OPAQUE')).toHaveLength(3);
    const hs = r.doc.nodes.find((n) => n.params.op_type === 'HardSigmoid')!;
    expect(JSON.parse(hs.params.attributes as string)).toEqual({ alpha: { f: Math.fround(0.3) } });
    expect(check.nodes[hs.id].outputs.out0?.shape).toEqual([6]);
    expect(r.weights.get('m.input1')!.shape).toEqual([6]);
  });

  it('output shapes no rule gives (Resize, ReduceMean) come from running the op alone on ONNX Runtime; the export then works and equals the original', async () => {
    const bytes = modelBytes(upsampled([2, 3]));
    // Without the probe: unknown shapes, the Gemm cannot become a Linear, no loss can be added, and the export fails.
    const blind = await importOnnx(bytes, { layout: false });
    expect(checkDocument(blind.doc).nodes[blind.doc.nodes.find((n) => n.params.op_type === 'Resize')!.id].outputs.out0).toBeNull();
    expect(() => exportInferenceModel(blind.doc, { weights: new Map([...blind.weights].map(([k, w]) => [k, w.data])) })).toThrow(/Cannot compile/);
    const r = await importOnnx(bytes, { layout: false, runOp: ortOpRunner });
    expect(types(r)).toEqual(['Input', 'Conv2d', 'OnnxOp', 'OnnxOp', 'Linear', 'CrossEntropyLoss']);
    const check = checkDocument(r.doc);
    const [resize, mean] = r.doc.nodes.filter((n) => n.type === 'OnnxOp').map((n) => check.nodes[n.id].outputs.out0?.shape);
    expect(resize).toEqual([3, 8, 10]);
    expect(mean).toEqual([3]);
    expect(r.doc.nodes.find((n) => n.type === 'Linear')!.params).toMatchObject({ in_features: 3, out_features: 2 });
    const x = Float32Array.from({ length: 2 * 20 }, (_, k) => Math.sin(k));
    const exported = exportInferenceModel(r.doc, { weights: new Map([...r.weights].map(([k, w]) => [k, w.data])) });
    expect(relativeDiff(await outputs(exported, x, [2, 1, 4, 5]), await outputs(bytes, x, [2, 1, 4, 5]))).toBeLessThanOrEqual(1e-5);
  });

  it('a probed output that does not follow the batch (a mean over the batch axis) stays unknown', async () => {
    const r = await importOnnx(modelBytes(upsampled([0])), { layout: false, runOp: ortOpRunner });
    const mean = r.doc.nodes.find((n) => n.params.op_type === 'ReduceMean')!;
    expect(checkDocument(r.doc).nodes[mean.id].outputs.out0).toBeNull();
    const resize = r.doc.nodes.find((n) => n.params.op_type === 'Resize')!;
    expect(checkDocument(r.doc).nodes[resize.id].outputs.out0?.shape).toEqual([3, 8, 10]);
  });

  it('training is refused with the node and the op named', async () => {
    const r = await importOnnx(modelBytes(erfModel()), { layout: false });
    expect(() => buildProgram(r.doc, 'train', 2)).toThrow(/node "e_erf" is the imported ONNX op Erf/);
  });
});
