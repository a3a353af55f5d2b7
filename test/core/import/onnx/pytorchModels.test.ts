/**
 * Must-show of the import: models exported by torch.onnx.export (MLP, LeNet, the course
 * ConvNet, a ResNet with BatchNorm folded into its convolutions and kept, and a model with
 * Concat/LeakyReLU/Dropout/padded AvgPool) import as layers with their weights, and the
 * re-export of the untouched project computes the original's outputs (ONNX Runtime on both).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { parseDocument, serializeDocument } from '../../../../core/graph/parse';
import { importOnnx, type ImportResult } from '../../../../core/import/onnx/importer';
import { exportInferenceModel } from '../../../../core/onnx/export';
import { createSession, ort } from '../../onnx/ortHelpers';
import { FIXTURE_MODELS, fixturesUnavailable, readFixture, relativeDiff, writeFixtures, type Fixture } from './fixtures';

const skip = fixturesUnavailable();
let dir = '';
const diffs: Record<string, number> = {};

beforeAll(() => {
  if (!skip) dir = writeFixtures();
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (Object.keys(diffs).length) console.log(`re-export max relative diff: ${JSON.stringify(diffs)}`);
});

async function run(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const s = await createSession(bytes);
  try {
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, shape) });
    return out[s.outputNames[0]].data as Float32Array;
  } finally {
    await s.release();
  }
}

const weightsOf = (r: ImportResult) => new Map([...r.weights].map(([k, w]) => [k, w.data]));

describe.skipIf(!!skip).each(FIXTURE_MODELS)('import %s', (name) => {
  let fx: Fixture;
  let r: ImportResult;
  beforeAll(async () => {
    fx = readFixture(dir, name);
    r = await importOnnx(fx.bytes, { name });
  });

  it('is a valid project whose check passes, laid out', () => {
    const doc = parseDocument(serializeDocument(r.doc), `${name}.wiregrad.json`);
    const errors = checkDocument(doc).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(doc.nodes.length);
    expect(doc.nodes.find((n) => n.type === 'CrossEntropyLoss')).toBeTruthy();
  });

  it('re-exports to the original outputs (1e-5 relative)', async () => {
    const sample = (r.doc.nodes.find((n) => n.type === 'Input')!.params.shape as number[]);
    const shape = [4, ...sample];
    const original = await run(fx.bytes, fx.input, shape);
    const exported = exportInferenceModel(r.doc, { weights: weightsOf(r) });
    const again = await run(exported, fx.input, shape);
    diffs[name] = relativeDiff(again, original);
    expect(relativeDiff(original, fx.output)).toBeLessThan(1e-4); // ONNX Runtime runs what torch ran
    expect(diffs[name]).toBeLessThanOrEqual(1e-5);
  });
});

describe.skipIf(!!skip)('what the models import as', () => {
  const types = async (name: string) => (await importOnnx(readFixture(dir, name).bytes)).doc.nodes.map((n) => n.type);

  it('MLP: Flatten and three Linear layers, named after the modules, nothing opaque', async () => {
    const r = await importOnnx(readFixture(dir, 'mlp').bytes);
    expect(r.opaque).toEqual([]);
    expect(r.doc.nodes.filter((n) => n.type === 'Linear').map((n) => n.id)).toEqual(['fc1', 'fc2', 'fc3']);
    expect(r.weights.get('fc1.weight')!.shape).toEqual([128, 784]);
  });

  it("LeNet: x.view(x.size(0), -1)'s Shape/Gather/Unsqueeze/Concat chain folds into one Flatten", async () => {
    const t = await types('lenet');
    expect(t).not.toContain('OnnxOp');
    expect(t.filter((x) => x === 'Flatten')).toHaveLength(1);
  });

  it('Mixed: Concat, LeakyReLU, Pad + AveragePool as one AvgPool2d, the Erf chain as GELU: nothing opaque', async () => {
    const r = await importOnnx(readFixture(dir, 'mixed').bytes);
    expect(r.opaque).toEqual([]);
    expect(r.doc.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['Concat', 'LeakyReLU', 'AvgPool2d', 'GELU']));
    const pool = r.doc.nodes.find((n) => n.type === 'AvgPool2d')!;
    expect(pool.params).toMatchObject({ kernel_size: 3, stride: 2, padding: 1 });
  });

  it('opset 13 maps as 17 does; opset 11 imports with a warning, nothing opaque', async () => {
    const op13 = await importOnnx(readFixture(dir, 'mixed_op13').bytes);
    expect(op13.opaque).toEqual([]);
    expect(op13.warnings).toEqual([]);
    const op11 = await importOnnx(readFixture(dir, 'lenet_op11').bytes);
    expect(op11.opaque).toEqual([]);
    expect(op11.warnings.join()).toMatch(/opset 11/);
  });

  it('Upsample: ConvTranspose → ConvTranspose2d (output_padding, groups, dilation, no bias), Clip → ReLU6 / Hardtanh / ReLU: nothing opaque, all trainable', async () => {
    const r = await importOnnx(readFixture(dir, 'upsample').bytes, { name: 'upsample' });
    expect(r.opaque).toEqual([]);
    const types = r.doc.nodes.map((n) => n.type);
    expect(types.filter((t) => t === 'ConvTranspose2d')).toHaveLength(2);
    expect(types.filter((t) => t === 'ReLU6')).toHaveLength(2);
    expect(types).toContain('Hardtanh');
    const ups = r.doc.nodes.filter((n) => n.type === 'ConvTranspose2d').map((n) => n.params);
    expect(ups[0]).toMatchObject({ in_channels: 8, out_channels: 6, kernel_size: 3, stride: 2, padding: 1, output_padding: 1, groups: 2, bias: true });
    expect(ups[1]).toMatchObject({ in_channels: 6, out_channels: 4, kernel_size: [2, 3], stride: [1, 2], padding: [0, 1], dilation: 2, bias: false });
    const ht = r.doc.nodes.find((n) => n.type === 'Hardtanh')!.params;
    expect([ht.min_val, ht.max_val]).toEqual([-0.5, 0.75]);
    // Imported weights in PyTorch's ConvTranspose layout [in, out/groups, kh, kw].
    const up1 = r.doc.nodes.find((n) => n.type === 'ConvTranspose2d')!.id;
    expect(r.weights.get(`${up1}.weight`)!.shape).toEqual([8, 3, 3, 3]);
    expect(checkDocument(r.doc).nodes[up1].outputs.out!.shape).toEqual([6, 16, 16]);
  });

  it('ResNet: residual Adds are Add layers; BatchNormalization kept as BatchNorm2d with running statistics as buffers; folded: Conv2d only', async () => {
    const kept = await importOnnx(readFixture(dir, 'resnet_bn').bytes);
    expect(kept.opaque).toEqual([]);
    expect(kept.doc.nodes.filter((n) => n.type === 'Add')).toHaveLength(2);
    expect(kept.doc.nodes.filter((n) => n.type === 'AdaptiveAvgPool2d')).toHaveLength(1);
    const bn = kept.doc.nodes.filter((n) => n.type === 'BatchNorm2d');
    expect(bn.length).toBe(6);
    expect(kept.weights.get(`${bn[0].id}.running_var`)!.data.some((v) => v !== 1)).toBe(true);
    expect(await types('resnet_folded')).not.toContain('BatchNorm2d');
  });
});
