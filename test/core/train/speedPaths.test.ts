import { describe, expect, it } from 'vitest';
import { loadBenchModel } from '../../../core/bench/models';
import { train } from '../../../core/train/trainer';
import type { StepEvent, TrainEvent } from '../../../core/train/events';

/** The speed choices (where batches are made, how ORT's threads wait) must not change a run's numbers. */
async function losses(opts: Parameters<typeof train>[1]): Promise<{ losses: number[]; test?: number }> {
  const doc = loadBenchModel('mlp');
  const steps: number[] = [];
  const r = await train(doc, { maxSteps: 25, stepsPerRun: 1, ...opts, onEvent: (e: TrainEvent) => e.kind === 'step' && steps.push((e as StepEvent).loss) });
  return { losses: steps, test: r.done.test_loss };
}

describe('speed paths give the same run', () => {
  it('batches made in this thread equal batches from the prefetch worker, step by step', async () => {
    const inThread = await losses({ prefetch: false });
    const worker = await losses({ prefetch: true });
    expect(inThread.losses).toHaveLength(25);
    expect(worker.losses).toEqual(inThread.losses);
    expect(worker.test).toBe(inThread.test);
  }, 120_000);

  it('spinning or sleeping intra-op threads compute the same losses', async () => {
    const sleeping = await losses({});
    const spinning = await losses({ session: { config: { 'session.intra_op.allow_spinning': '1' } } });
    expect(spinning.losses).toEqual(sleeping.losses);
  }, 120_000);
});
