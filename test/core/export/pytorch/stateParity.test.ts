/**
 * Must-show of issue 8: the new layers train exactly like PyTorch. Two projects, (a)
 * BatchNorm2d + residual Add + global average pooling, (b) BatchNorm1d + Concat (with a
 * fan-out), train 30 SGD steps without shuffling in `wiregrad train` and in their exported
 * PyTorch script from the same initial weights: per-step losses within 1e-4 relative, the
 * running statistics (and parameters) after the last step within 1e-5, and the trained
 * models' eval-mode outputs (Wiregrad's exported ONNX in ONNX Runtime vs the script's model)
 * equal. The exported ONNX files, and one with BatchNorm, Dropout, Add and Concat together,
 * pass onnx.checker's full check and give PyTorch's eval outputs.
 * Runs scripts/pytorch/export_parity.py (--state) on the built CLI and Debian's python3-torch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { bufferLayout, initParams, paramLayout } from '../../../../core/compile/paramLayout';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import type { ProjectDocument, TrainingConfig } from '../../../../core/graph/document';
import { exportInferenceModel } from '../../../../core/onnx/export';
import { Rng } from '../../../../core/util/rng';
import { graphDoc } from '../../../helpers/docs';
import { createSession, ort } from '../../onnx/ortHelpers';
import { buildBundles } from '../../runtime/helpers';
import { exportParity } from './exportParity';
import { python, pythonUnavailable } from './python';

const training: Partial<TrainingConfig> = {
  dataset: { kind: 'random', samples: 120, classes: 10 },
  batch_size: 16,
  epochs: 5,
  shuffle: false,
  optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 },
};
const conv = (out: number) => ({ out_channels: out, kernel_size: 3, padding: 1, bias: false });

/** (a) a residual block: conv-BN-ReLU-conv-BN, added to its input, ReLU, global average pool, Linear. */
export function residualDoc(): ProjectDocument {
  return { ...graphDoc([3, 8, 8], [
    ['conv1', 'Conv2d', conv(8), ['input']], ['bn1', 'BatchNorm2d', {}, ['conv1']], ['relu1', 'ReLU', {}, ['bn1']],
    ['conv2', 'Conv2d', conv(8), ['relu1']], ['bn2', 'BatchNorm2d', {}, ['conv2']],
    ['add', 'Add', {}, ['relu1', 'bn2']], ['relu2', 'ReLU', {}, ['add']],
    ['pool', 'AdaptiveAvgPool2d', { output_size: 1 }, ['relu2']], ['flat', 'Flatten', {}, ['pool']], ['fc', 'Linear', { out_features: 10 }, ['flat']],
  ], 'CrossEntropyLoss', training), name: 'residual' };
}

/** (b) two branches from one Flatten, Linear-BN1d-Tanh and Linear-ReLU, joined by Concat. */
export function concatDoc(): ProjectDocument {
  return { ...graphDoc([1, 8, 8], [
    ['flat', 'Flatten', {}, ['input']],
    ['fc1', 'Linear', { out_features: 16, bias: false }, ['flat']], ['bn', 'BatchNorm1d', {}, ['fc1']], ['tanh', 'Tanh', {}, ['bn']],
    ['fc2', 'Linear', { out_features: 12 }, ['flat']], ['relu', 'ReLU', {}, ['fc2']],
    ['cat', 'Concat', {}, ['tanh', 'relu']], ['head', 'Linear', { out_features: 10 }, ['cat']],
  ], 'CrossEntropyLoss', training), name: 'concat' };
}

/** BatchNorm2d, Dropout, Add and Concat in one model, for the export checks. */
function everythingDoc(): ProjectDocument {
  return { ...graphDoc([2, 6, 6], [
    ['conv', 'Conv2d', { out_channels: 4, kernel_size: 3, padding: 1 }, ['input']], ['bn', 'BatchNorm2d', {}, ['conv']],
    ['drop', 'Dropout', { p: 0.3 }, ['bn']], ['side', 'Conv2d', { out_channels: 4, kernel_size: 1 }, ['input']],
    ['add', 'Add', {}, ['drop', 'side']], ['cat', 'Concat', {}, ['add', 'input']],
    ['pool', 'AdaptiveAvgPool2d', { output_size: 2 }, ['cat']], ['flat', 'Flatten', {}, ['pool']], ['fc', 'Linear', { out_features: 10 }, ['flat']],
  ], 'CrossEntropyLoss', training), name: 'everything' };
}

async function onnxLogits(file: string, x: number[], shape: number[]): Promise<Float32Array> {
  const session = await createSession(fs.readFileSync(file));
  try {
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), shape) });
    return out.logits.data as Float32Array;
  } finally {
    await session.release();
  }
}

function worstRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

const why = pythonUnavailable('torch');

describe.skipIf(why !== null)('BatchNorm, residual Add, global pooling and Concat train like PyTorch', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-state-parity-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('30 SGD steps: losses within 1e-4, running statistics within 1e-5, equal eval outputs; the ONNX files pass full_check', async () => {
    buildBundles();
    const files = [residualDoc(), concatDoc()].map((doc) => {
      const f = path.join(dir, `${doc.name}.wiregrad.json`);
      fs.writeFileSync(f, JSON.stringify(doc));
      return f;
    });
    const { code, runs, output } = exportParity('--models', files.join(','), '--steps', '30', '--ranks', '1', '--state', dir);
    expect(code, output).toBe(0);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      const name = path.basename(run.model).replace('.wiregrad.json', '');
      const probe = JSON.parse(fs.readFileSync(path.join(dir, `${name}.eval.json`), 'utf8')) as { shape: number[]; x: number[]; logits: number[] };
      const evalRel = worstRel(await onnxLogits(path.join(dir, `${name}.onnx`), probe.x, probe.shape), probe.logits);
      console.log(`state parity ${name}: ${run.steps} steps, max relative loss difference ${run.max_rel.toExponential(2)} (step ${run.at_step}); running statistics max |Δ| ${run.running_max_abs!.toExponential(2)}, parameters max |Δ| ${run.params_max_abs!.toExponential(2)}; eval outputs max relative Δ ${evalRel.toExponential(2)}`);
      expect(run.steps, name).toBe(30);
      expect(run.same_records, `${name}: the script's metrics records have other fields than wiregrad train's`).toBe(true);
      expect(run.max_rel, `${name} at step ${run.at_step}`).toBeLessThanOrEqual(1e-4);
      expect(run.state_keys!.filter((k) => k.includes('running_')).length, `${name}: compared keys ${run.state_keys}`).toBeGreaterThanOrEqual(2);
      expect(run.running_max_abs!, name).toBeLessThanOrEqual(1e-5);
      expect(run.params_max_abs!, name).toBeLessThanOrEqual(1e-4);
      expect(evalRel, `${name}: eval-mode outputs`).toBeLessThanOrEqual(1e-5);
    }
    const checked = python(['scripts/pytorch/check_onnx.py', ...['residual', 'concat'].map((n) => path.join(dir, `${n}.onnx`))]);
    expect(checked.code, checked.output).toBe(0);
  }, 420_000);

  it('a model with BatchNorm, Dropout, Add and Concat: the ONNX export passes full_check and gives the PyTorch module\'s eval outputs', async () => {
    const doc = everythingDoc();
    const check = checkDocument(doc);
    const rng = new Rng(4);
    const params = initParams(paramLayout(doc, check), 3);
    const buffers = Float32Array.from({ length: bufferLayout(doc, check).total }, () => rng.uniform(0.5, 1.5));
    const onnxFile = path.join(dir, 'everything.onnx');
    fs.writeFileSync(onnxFile, exportInferenceModel(doc, { params, buffers }));
    const checked = python(['scripts/pytorch/check_onnx.py', onnxFile]);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toMatch(/BatchNormalization/);
    const scriptDir = path.join(dir, 'everything');
    fs.mkdirSync(scriptDir);
    for (const f of exportPyTorch(doc, { as: 'script', fileName: 'model.py', params, buffers })) fs.writeFileSync(path.join(scriptDir, f.name), f.data);
    const shape = [3, 2, 6, 6];
    const x = Array.from({ length: 3 * 72 }, () => rng.uniform(-2, 2));
    fs.writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ cases: [{ script: path.join(scriptDir, 'model.py'), x, shape, y: [1, 2, 3] }], rng_seed: 1 }));
    const r = python([path.join(__dirname, 'run_exported.py'), path.join(dir, 'request.json')]);
    expect(r.code, r.output).toBe(0);
    const torchOut = JSON.parse(r.stdout.trim().split('\n').pop()!).cases[0];
    expect(torchOut.error).toBeUndefined();
    expect(worstRel(await onnxLogits(onnxFile, x, shape), torchOut.logits)).toBeLessThanOrEqual(1e-5);
  }, 120_000);
});
