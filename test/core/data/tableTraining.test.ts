/**
 * Must-show: an MLP trained from a CSV of real tabular data (UCI wine, as shipped by
 * scikit-learn) reaches ≥ 94% test accuracy, with standardisation statistics from the
 * training split only (recorded with the run); and a CSV with a numeric target trains a
 * regression with MSELoss (diabetes progression).
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataset } from '../../../core/data/loaders';
import { computeNormalization } from '../../../core/data/normalization';
import { splitTrainValidation } from '../../../core/data/loader';
import { startTrainingRun } from '../../../core/train/host';
import type { StartEvent, TrainEvent } from '../../../core/train/events';
import type { ProjectDocument } from '../../../core/graph/document';
import { tableMlp } from './projects';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { exportInferenceModel } from '../../../core/onnx/export';
import { readMetadata } from '../../../core/onnx/metadata';

const root = path.resolve(__dirname, '../../..');
const FIX = path.join(root, 'test/fixtures/data');
const adam = { type: 'adam' as const, lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0 };

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 120_000);

async function run(doc: ProjectDocument) {
  const events: TrainEvent[] = [];
  const r = startTrainingRun(doc, { onEvent: (e) => events.push(e) });
  const result = await r.finished;
  return { start: events.find((e) => e.kind === 'start') as StartEvent, events, done: result.done, result };
}

describe('tabular data', () => {
  it('wine.csv: MLP with "compute" normalisation reaches ≥ 94% test accuracy; statistics from the training rows only', async () => {
    const doc = tableMlp(13, 3);
    doc.training = { ...doc.training, dataset: { kind: 'csv', file: path.join(FIX, 'wine.csv') }, normalize: 'compute', epochs: 30, validation_split: 0.1, optimizer: adam };
    const { start, done, result } = await run(doc);
    expect(done.test_accuracy).toBeGreaterThanOrEqual(0.94);
    expect(done.test?.classNames).toEqual(['class_0', 'class_1', 'class_2']);
    // The recorded statistics are those of the training rows (the test split and the validation rows excluded).
    const data = await resolveDataset(doc.training.dataset, { sampleShape: [13], target: { kind: 'class' }, seed: 0 });
    const { train } = splitTrainValidation(data.train, 0.1);
    const expected = computeNormalization(train);
    start.normalize!.mean.forEach((m, i) => expect(m).toBeCloseTo(expected.mean[i], 4));
    const everything = computeNormalization(data.train);
    expect(Math.abs(start.normalize!.mean[12] - everything.mean[12])).toBeGreaterThan(0.01);
    // The exported model records the class names and those statistics, and they reproduce the test accuracy.
    const bytes = exportInferenceModel(doc, { params: result.state.params, buffers: result.state.buffers, data: done.data });
    const meta = readMetadata(onnx.ModelProto.decode(bytes));
    expect(JSON.parse(meta['wiregrad.class_names'])).toEqual(['class_0', 'class_1', 'class_2']);
    expect(meta['wiregrad.input.scale']).toBe('1');
    const mean = JSON.parse(meta['wiregrad.input.mean']) as number[];
    const std = JSON.parse(meta['wiregrad.input.std']) as number[];
    expect(mean).toEqual(start.normalize!.mean);
    const session = await InferenceSession.create(bytes);
    const test = data.test!;
    const x = Float32Array.from(test.images as Float32Array, (v, i) => (v - mean[i % 13]) / std[i % 13]);
    const out = (await session.run({ input: new Tensor('float32', x, [test.count, 13]) })).logits.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < test.count; i++) {
      const row = Array.from(out.subarray(3 * i, 3 * i + 3));
      if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
    }
    expect(correct / test.count).toBeCloseTo(done.test_accuracy!, 6);
  }, 60_000);

  it('without standardisation the same MLP does much worse (proline is ~1000, hue ~1)', async () => {
    const doc = tableMlp(13, 3);
    doc.training = { ...doc.training, dataset: { kind: 'csv', file: path.join(FIX, 'wine.csv') }, normalize: { mean: [0], std: [1] }, epochs: 30, optimizer: adam };
    const { done } = await run(doc);
    expect(done.test_accuracy!).toBeLessThan(0.9);
  }, 60_000);

  it('diabetes.tsv: a numeric target trains with MSELoss (Input target_shape [1]) to a test MSE below the variance', async () => {
    const doc = tableMlp(10, 1, { regression: true });
    doc.training = { ...doc.training, dataset: { kind: 'csv', file: path.join(FIX, 'diabetes.tsv') }, normalize: 'compute', epochs: 50, optimizer: adam };
    const { done } = await run(doc);
    expect(done.test_accuracy).toBeUndefined();
    // The target's variance is ~5900; a linear model gets ~2900.
    expect(done.test_loss!).toBeLessThan(3500);
  }, 60_000);
});
