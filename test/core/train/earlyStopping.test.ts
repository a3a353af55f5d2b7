/**
 * Early stopping and the best epoch: the tracker's rules (min_delta, direction by metric) and
 * a real run that stops once its validation loss stops improving (the schedule zeroes the
 * learning rate after the first epoch, so epoch 2 cannot improve).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BestTracker } from '../../../core/train/earlyStopping';
import type { EpochEvent, TrainEvent } from '../../../core/train/events';
import { train } from '../../../core/train/trainer';
import { MNIST_NORMALIZE, mnistMlp, mnistSubset } from '../../helpers/mnist';

const dir = mkdtempSync(path.join(tmpdir(), 'wg-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('early stopping', () => {
  it('counts an epoch as better only past min_delta, upwards for accuracies and downwards for losses', () => {
    const loss = new BestTracker('val_loss', 0.01);
    expect([1, 0.995, 0.98, 0.98].map((v, i) => loss.observe(i + 1, { train_loss: 9, val_loss: v }))).toEqual([true, false, true, false]);
    expect(loss.state()).toEqual({ best: 0.98, bestEpoch: 3, wait: 1 });
    const acc = new BestTracker('val_accuracy');
    expect([0.5, 0.6, 0.6].map((v, i) => acc.observe(i + 1, { train_loss: 1, val_accuracy: v }))).toEqual([true, true, false]);
    // Without a validation split the validation metric falls back to the training one.
    expect(new BestTracker('val_loss').observe(1, { train_loss: 2 })).toBe(true);
  });

  it('stops the run when the monitored metric stops improving', async () => {
    const doc = mnistMlp({
      dataset: mnistSubset(dir, { train: 2000, test: 500 }), normalize: MNIST_NORMALIZE, epochs: 6, validation_split: 0.2,
      schedule: { type: 'StepLR', step_size: 1, gamma: 0 }, early_stopping: { monitor: 'val_loss', patience: 1, min_delta: 0 },
    });
    const epochs: EpochEvent[] = [];
    const r = await train(doc, { prefetch: false, evaluateEachEpoch: false, onEvent: (e: TrainEvent) => void (e.kind === 'epoch' && epochs.push(e)) });
    expect(epochs.map((e) => e.lr)).toEqual([0.01, 0]);
    expect(epochs[1].val_loss).toBe(epochs[0].val_loss);
    expect(r.done.reason).toBe('early_stopped');
    expect(r.done.best).toEqual({ metric: 'val_loss', value: epochs[0].val_loss, epoch: 1 });
    expect(r.done.epochs).toBe(2);
  }, 120_000);
});
