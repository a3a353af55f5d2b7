/**
 * K-step fusion through the trainer: K = 10 (ONNX Loop over blocks of 10 batches, the
 * partial block and the short last batch run singly) gives exactly K = 1's step metrics.
 * Data-parallel groups accept K > 1 too (they run K data-parallel steps).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, template, trajectory } from './helpers';

beforeAll(() => buildBundles(), 120_000);

describe('K-step fusion through the trainer', () => {
  it('MLP: K = 1 and K = 10 give identical per-step losses and accuracies (25 steps: 2 blocks + 5 singles)', async () => {
    const doc = template('mnist-mlp');
    const k1 = await trajectory(doc, { maxSteps: 25, stepsPerRun: 1 });
    const k10 = await trajectory(doc, { maxSteps: 25, stepsPerRun: 10 });
    expect(k10.losses).toEqual(k1.losses);
    expect(k10.correct).toEqual(k1.correct);
    expect(Buffer.from(k10.params.buffer).equals(Buffer.from(k1.params.buffer))).toBe(true);
  });

  it('Adam across an epoch boundary with a short last batch', async () => {
    const doc = template('mnist-mlp', { batch_size: 16, epochs: 2, dataset: { kind: 'random', samples: 100, classes: 10 }, optimizer: { type: 'adam', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 } });
    const k1 = await trajectory(doc, { stepsPerRun: 1 });
    const k3 = await trajectory(doc, { stepsPerRun: 3 });
    expect(k1.losses).toHaveLength(14);
    expect(k3.losses).toEqual(k1.losses);
  });

  it('cpu:2 with K = 10 equals cpu:2 with K = 1', async () => {
    const doc = template('mnist-mlp', { device: 'cpu:2' });
    const k1 = await trajectory(doc, { maxSteps: 12, stepsPerRun: 1 });
    const k10 = await trajectory(doc, { maxSteps: 12, stepsPerRun: 10 });
    expect(k10.losses).toEqual(k1.losses);
  });
});
