/**
 * Must show (issue 9): 2 epochs + resume for 2 more = 4 uninterrupted epochs, loss for loss.
 * Real MNIST (the first 8,000 training and 2,000 test images), the MLP template with Adam (optimizer state), a validation split, Dropout-free
 * but shuffled data and a cosine schedule whose length comes from the run: the resumed run
 * reads the "last" checkpoint file the first run wrote after its second epoch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../../core/train/checkpoint';
import type { StepEvent, TrainEvent } from '../../../core/train/events';
import { train, type TrainOptions } from '../../../core/train/trainer';
import { MNIST_NORMALIZE, mnistMlp, mnistSubset } from '../../helpers/mnist';

const dir = mkdtempSync(path.join(tmpdir(), 'wg-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = mnistMlp({
  dataset: mnistSubset(dir, { train: 8000, test: 2000 }),
  normalize: MNIST_NORMALIZE,
  epochs: 4,
  validation_split: 0.1,
  optimizer: { type: 'adam', lr: 0.002 },
  schedule: { type: 'CosineAnnealingLR', interval: 'step', eta_min: 0.0001 },
  early_stopping: { monitor: 'val_loss', patience: 10 },
});

async function run(opts: TrainOptions, project = doc) {
  const steps: StepEvent[] = [];
  const r = await train(project, { prefetch: false, stepsPerRun: 4, evaluateEachEpoch: false, ...opts, onEvent: (e: TrainEvent) => void (e.kind === 'step' && steps.push(e)) });
  return { steps, r };
}

describe('resume from a checkpoint', () => {
  it('2 epochs + resume for 2 more equals 4 uninterrupted epochs, bit for bit', async () => {
    const full = await run({});
    let epochsDone = 0;
    const last = path.join(dir, 'last.wiregrad.ckpt');
    const first = await run({
      onEpochEnd: async ({ checkpoint }) => {
        await writeCheckpoint(last, doc, checkpoint);
        epochsDone = checkpoint.epoch;
      },
      shouldStop: () => epochsDone >= 2,
    });
    expect(first.r.done.reason).toBe('stopped');
    const ckpt = await readCheckpoint(last, doc);
    expect(ckpt.epoch).toBe(2);
    const resumed = await run({ resume: ckpt });
    const perEpoch = full.steps.length / 4;
    expect(first.steps.map((s) => s.loss)).toEqual(full.steps.slice(0, 2 * perEpoch).map((s) => s.loss));
    expect(resumed.steps[0].step).toBe(2 * perEpoch + 1);
    expect(resumed.steps.map((s) => s.loss)).toEqual(full.steps.slice(2 * perEpoch).map((s) => s.loss));
    expect(resumed.steps.map((s) => s.lr)).toEqual(full.steps.slice(2 * perEpoch).map((s) => s.lr));
    expect(Array.from(resumed.r.state.params)).toEqual(Array.from(full.r.state.params));
    expect(resumed.r.done.test_accuracy).toBe(full.r.done.test_accuracy);
    console.log(`resume: ${resumed.steps.length} resumed steps equal the uninterrupted run's bit for bit; test accuracy ${((full.r.done.test_accuracy ?? 0) * 100).toFixed(2)}%`);
  }, 240_000);

  it('a --steps run that ends mid-epoch keeps the checkpoint of its last whole epoch, and resuming from it is exact', async () => {
    // A constant learning rate: a schedule's length follows the run's own length (--steps).
    const flat = { ...doc, training: { ...doc.training, schedule: null } };
    const full = await run({}, flat);
    const perEpoch = full.steps.length / 4;
    const epochs: number[] = [];
    const last = path.join(dir, 'cut.wiregrad.ckpt');
    await run({
      maxSteps: Math.round(1.5 * perEpoch),
      onEpochEnd: async ({ checkpoint }) => {
        await writeCheckpoint(last, flat, checkpoint);
        epochs.push(checkpoint.epoch);
      },
    }, flat);
    expect(epochs).toEqual([1]);
    const resumed = await run({ resume: await readCheckpoint(last, flat) }, flat);
    expect(resumed.steps.map((s) => s.loss)).toEqual(full.steps.slice(perEpoch).map((s) => s.loss));
  }, 240_000);

  it('refuses a checkpoint of another graph, naming the file', async () => {
    const other = mnistMlp({});
    other.nodes.find((n) => n.id === 'fc1')!.params.out_features = 64;
    await expect(readCheckpoint(path.join(dir, 'last.wiregrad.ckpt'), other)).rejects.toThrow(/last\.wiregrad\.ckpt was saved from a different graph/);
  });
});
