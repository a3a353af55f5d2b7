/**
 * Schedules reach the step graph: the trainer feeds each step's scheduled lr (fused K-step
 * Loop included), reports it on step events, and the lr sequence is PyTorch's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mnistMlp } from '../../helpers/mnist';
import type { ProjectDocument } from '../../../core/graph/document';
import { train } from '../../../core/train/trainer';
import type { StepEvent, TrainEvent } from '../../../core/train/events';

const root = path.resolve(__dirname, '../../..');
const mlp = mnistMlp;

async function run(doc: ProjectDocument, maxSteps: number, stepsPerRun = 5) {
  const steps: StepEvent[] = [];
  const r = await train(doc, { maxSteps, stepsPerRun, prefetch: false, evaluateEachEpoch: false, onEvent: (e: TrainEvent) => void (e.kind === 'step' && steps.push(e)) });
  return { steps, params: r.state.params };
}

describe('scheduled learning rates in training', () => {
  it('step events carry PyTorch\'s lr sequence (LinearLR warm-up, then cosine)', async () => {
    const schedule = { type: 'SequentialLR', interval: 'step', milestones: [10], schedulers: [{ type: 'LinearLR', start_factor: 0.01, total_iters: 10 }, { type: 'CosineAnnealingLR', T_max: 190 }] };
    const doc = mlp({ optimizer: { type: 'sgd', lr: 0.1 }, schedule });
    const { steps } = await run(doc, 200);
    const torch = JSON.parse(readFileSync(path.join(root, 'test/fixtures/schedules/pytorch-lrs.json'), 'utf8')).warmupCosine as number[];
    expect(steps).toHaveLength(200);
    // Bit-equal but for libm's cos (V8's and glibc's differ in the last ulp): see test/core/optim/schedules.test.ts.
    steps.forEach((s, i) => expect(Math.abs(s.lr! - torch[i]) / torch[i]).toBeLessThan(1e-12));
  });

  it('the graph uses the fed lr: after StepLR(gamma=0) zeroes it, the weights stop moving (fused steps too)', async () => {
    const zeroAfter50 = mlp({ optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'StepLR', interval: 'step', step_size: 50, gamma: 0 } });
    const plain = mlp({ optimizer: { type: 'sgd', lr: 0.05 } });
    const a = await run(zeroAfter50, 80);
    const b = await run(plain, 50);
    expect(a.steps[49].lr).toBe(0.05);
    expect(a.steps[50].lr).toBe(0);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
  });
});
