import { checkDocument } from '../check/check';
import { initBuffers, initParams } from '../compile/paramLayout';
import { buildProgram } from '../compile/programs';
import { defaultOptimizer, type ProjectDocument } from '../graph/document';
import { createExecutor } from '../runtime/createExecutor';
import type { SessionOptions } from '../runtime/session';
import type { TrainExecutor } from '../runtime/executor';
import type { StepBlock } from '../runtime/bind';
import { initialTrainState } from '../runtime/trainState';
import { chooseStepsPerRun } from '../train/trainer';
import { Rng } from '../util/rng';
import { numel } from '../ir/ir';

export interface ThroughputResult {
  model: string;
  batch: number;
  optimizer: string;
  samples_per_s: number;
  ms_per_step: number;
  /** Mean-based figure (includes stalls from other processes); samples_per_s uses the median. */
  mean_samples_per_s: number;
  steps: number;
  steps_per_run: number;
  /** What the device choice resolved to, e.g. "cpu ×2" for plain "cpu" on a conv net. */
  runs_on?: string;
  device: string;
}

/**
 * Training throughput of the fused step on random data of the model's shape: the same
 * work as PyTorch's zero_grad/forward/backward/step loop, parameters round-tripping host
 * memory every run as they do in a real run. Warm-up runs are excluded. Like
 * scripts/pytorch/bench.py, the headline figure is batch ÷ median step time, because
 * other processes on a 2-core machine stall individual steps.
 */
export async function measureThroughput(
  model: string,
  base: ProjectDocument,
  batch: number,
  optimizer: 'sgd' | 'adam',
  seconds: number,
  session: SessionOptions = {},
  kChoice: number | 'auto' = 1,
  device = 'cpu',
): Promise<ThroughputResult> {
  const opt = optimizer === 'sgd' ? { ...defaultOptimizer('sgd'), lr: 0.01 } : defaultOptimizer('adam');
  const doc: ProjectDocument = { ...base, training: { ...base.training, batch_size: batch, optimizer: opt, device } };
  const check = checkDocument(doc);
  const compiled = buildProgram(doc, 'train', batch, check);
  // cpu → chosen automatically (createExecutor); cpu:1 → one session; cpu:N / cuda:… → replicas.
  const runner = await createExecutor(doc, check, initialTrainState(initParams(compiled.layout, 0), initBuffers(compiled.buffers), compiled.optStateKeys), session);
  const rng = new Rng(7);
  const sample = numel(compiled.sampleShape);
  try {
    const k = kChoice === 'auto' ? await autoStepsPerRun(runner, batch, sample, rng) : kChoice;
    await runner.prepare(batch, k);
    const block = randomBlock(k, batch, sample, rng, opt.lr);
    for (let i = 0; i < Math.max(2, Math.ceil(5 / k)); i++) await runner.trainSteps(block, batch);
    const times: number[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000 || times.length < 3) {
      const t = performance.now();
      await runner.trainSteps(block, batch);
      times.push((performance.now() - t) / k);
    }
    const mean = (performance.now() - t0) / (times.length * k);
    const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    return { model, batch, optimizer, samples_per_s: (batch * 1000) / ms, ms_per_step: ms, mean_samples_per_s: (batch * 1000) / mean, steps: times.length * k, steps_per_run: k, device, runs_on: runner.deviceLabel };
  } finally {
    await runner.release();
  }
}

/** K random batches of 10-class data at a fixed learning rate. */
function randomBlock(k: number, batch: number, sample: number, rng: Rng, lr: number): StepBlock {
  return {
    xs: Float32Array.from({ length: k * batch * sample }, () => rng.uniform(-1, 1)),
    ys: BigInt64Array.from({ length: k * batch }, () => BigInt(rng.int(10))),
    lrs: new Float32Array(k).fill(lr),
    k,
  };
}

/** The trainer's automatic choice (chooseStepsPerRun) from 5 timed single steps. */
async function autoStepsPerRun(runner: TrainExecutor, batch: number, sample: number, rng: Rng): Promise<number> {
  if (!runner.fusesSteps) return 1;
  await runner.prepare(batch, 1);
  const block = randomBlock(1, batch, sample, rng, 0.01);
  await runner.trainSteps(block, batch);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await runner.trainSteps(block, batch);
    times.push(performance.now() - t);
  }
  return chooseStepsPerRun(times, runner.deviceLabel, Infinity);
}
