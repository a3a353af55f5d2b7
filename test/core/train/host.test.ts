/**
 * Where runs execute: a child process that Stop can end at any moment — even while ONNX
 * Runtime is still building a big session, which blocks its thread and cannot be
 * interrupted (a worker thread terminated then aborts the whole process) — and that cannot
 * take the caller down when it dies; progress arrives batched but complete.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProjectDocument } from '../../../core/graph/document';
import { startTrainingRun, TrainingError } from '../../../core/train/host';
import { processLauncher, type RunChannel, type RunLauncher } from '../../../core/train/launcher';
import type { TrainEvent } from '../../../core/train/events';
import { utilityLauncher } from '../../../electron/trainLauncher';
import { fakeUtilityFork } from '../../electron/fakeElectron';
import { chainDoc } from '../../helpers/docs';
import { buildBundles } from '../runtime/helpers';

const random = { kind: 'random', samples: 512, classes: 10 } as const;
const small = (): ProjectDocument => chainDoc([16], [['Linear', { out_features: 32 }], ['ReLU'], ['Linear', { out_features: 10 }]], 'CrossEntropyLoss', { dataset: { ...random }, batch_size: 16, epochs: 2, device: 'cpu:1' });

/** A chain deep enough that building its training session takes seconds. */
function deep(layers = 2000): ProjectDocument {
  const specs: [string, Record<string, number>?][] = [];
  for (let i = 0; i < layers; i++) specs.push(i % 2 ? ['ReLU'] : ['Linear', { out_features: 16 }]);
  specs.push(['Linear', { out_features: 10 }]);
  return chainDoc([16], specs, 'CrossEntropyLoss', { dataset: { ...random }, device: 'cpu:1' });
}

/** Counts the messages the runner sends, to see the batching. */
function counting(launch: RunLauncher): { launch: RunLauncher; messages: () => number; channel: () => RunChannel } {
  let n = 0;
  let last: RunChannel;
  return {
    launch: (script) => {
      const c = launch(script);
      last = c;
      return { ...c, killable: c.killable, onMessage: (cb) => c.onMessage((m) => (n++, cb(m))) };
    },
    messages: () => n,
    channel: () => last,
  };
}

beforeAll(() => buildBundles(), 120_000);

describe('training runs in a child process', () => {
  it('complete with their state, every step event delivered in a few batched messages', async () => {
    const events: TrainEvent[] = [];
    const c = counting(processLauncher);
    const run = startTrainingRun(small(), { onEvent: (e) => events.push(e), launcher: c.launch });
    const r = await run.finished;
    const steps = events.filter((e) => e.kind === 'step').map((e) => (e as { step: number }).step);
    expect(r.done.reason).toBe('completed');
    expect(steps).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(r.state.step).toBe(64);
    expect(r.weights.get('n1.weight')).toHaveLength(32 * 16);
    expect(c.messages()).toBeLessThan(steps.length / 2);
  });

  it('Stop while the session is still being built ends the run at once', async () => {
    const events: TrainEvent[] = [];
    const run = startTrainingRun(deep(), { onEvent: (e) => events.push(e), launcher: processLauncher });
    await new Promise((r) => setTimeout(r, 1000)); // loading and compiling; ORT is busy
    expect(events.some((e) => e.kind === 'start')).toBe(false);
    const t0 = performance.now();
    run.stop();
    const err = await run.finished.then(() => null, (e: TrainingError) => e);
    const latency = performance.now() - t0;
    expect(err?.code).toBe('RUN_STOPPED');
    expect(latency).toBeLessThan(2000);
    console.log(`stop while compiling a 2,000-layer chain: ended after ${latency.toFixed(0)} ms`);
  });

  it('Stop during training finishes the step and returns the weights', async () => {
    let run: ReturnType<typeof startTrainingRun>;
    let stopped = false;
    run = startTrainingRun({ ...small(), training: { ...small().training, epochs: 50 } }, {
      launcher: processLauncher,
      onEvent: (e) => {
        if (e.kind === 'step' && e.step >= 20 && !stopped) {
          stopped = true;
          run.stop();
        }
      },
    });
    const r = await run.finished;
    expect(r.done.reason).toBe('stopped');
    expect(r.state.step).toBeGreaterThanOrEqual(20);
    expect(r.weights.size).toBeGreaterThan(0);
  });

  it('a runner that dies (killed from outside) fails the run with a clear error; the caller lives on', async () => {
    const c = counting(processLauncher);
    const run = startTrainingRun({ ...small(), training: { ...small().training, epochs: 200 } }, {
      launcher: c.launch,
      onEvent: (e) => {
        if (e.kind === 'step' && e.step === 5) c.channel().kill();
      },
    });
    const err = await run.finished.then(() => null, (e: TrainingError) => e);
    expect(err?.code).toBe('WORKER_CRASHED');
    expect(err?.message).toMatch(/SIGKILL|exited/);
  });

  it("Electron's utility-process launcher drives the same runner", async () => {
    const run = startTrainingRun(small(), { onEvent: () => {}, launcher: utilityLauncher({ fork: fakeUtilityFork }) });
    expect((await run.finished).done.reason).toBe('completed');
  });
});
