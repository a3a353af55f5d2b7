/**
 * Data parallelism with N CPU replicas standing in for N GPUs: the same loss trajectory as
 * one device (gradients averaged by shard size), replicas bit-identical, uneven and tiny
 * batches (empty shards), and a failing replica that stops the run with the device named.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initBuffers, initParams } from '../../../core/compile/paramLayout';
import { cloneTrainState, initialTrainState } from '../../../core/runtime/trainState';
import { buildProgram } from '../../../core/compile/programs';
import type { OptimizerConfig } from '../../../core/graph/document';
import { averageRange, partRange } from '../../../core/runtime/average';
import { ModelRunner } from '../../../core/runtime/modelRunner';
import { ReplicaGroup, shardSizes } from '../../../core/runtime/replicaGroup';
import { FAULT_ENV, parseFaultPlan } from '../../../core/runtime/replicaProtocol';
import { Rng } from '../../../core/util/rng';
import { buildBundles, maxRelDiff, template, trajectory } from './helpers';

const STEPS = 30;
const TOL = 1e-5;
const report: string[] = [];

beforeAll(() => buildBundles(), 120_000);
afterEach(() => {
  delete process.env[FAULT_ENV];
});

describe('shardSizes', () => {
  it('splits as evenly as possible, earlier shards taking the remainder, empty shards allowed', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(64, 3)).toEqual([22, 21, 21]);
    expect(shardSizes(61, 2)).toEqual([31, 30]);
    expect(shardSizes(1, 3)).toEqual([1, 0, 0]);
    expect(shardSizes(2, 3)).toEqual([1, 1, 0]);
    for (const [b, n] of [[7, 4], [100, 3], [5, 8]]) expect(shardSizes(b, n).reduce((a, c) => a + c, 0)).toBe(b);
  });

  it('partitions the averaging work and averages in float64 (1 to 5 replicas)', () => {
    for (const [total, n] of [[10, 3], [7, 8], [109386, 2]]) {
      const parts = Array.from({ length: n }, (_, i) => partRange(total, n, i));
      expect(parts[0][0]).toBe(0);
      expect(parts[n - 1][1]).toBe(total);
      for (let i = 1; i < n; i++) expect(parts[i][0]).toBe(parts[i - 1][1]);
    }
    const rng = new Rng(2);
    for (let n = 1; n <= 5; n++) {
      const g = Array.from({ length: n }, () => Float32Array.from({ length: 11 }, () => rng.uniform(-1, 1)));
      const w = Array.from({ length: n }, (_, i) => (i + 1) / ((n * (n + 1)) / 2));
      const out = new Float32Array(11);
      for (let i = 0; i < 3; i++) averageRange(out, g, w, ...partRange(11, 3, i));
      for (let j = 0; j < 11; j++) expect(out[j]).toBe(Math.fround(g.reduce((s, gu, u) => s + w[u] * gu[j], 0)));
    }
  });

  it('parses the test-only fault plan', () => {
    expect(parseFaultPlan('1:3')).toEqual({ replica: 1, step: 3, mode: 'throw' });
    expect(parseFaultPlan('0:1:exit')).toEqual({ replica: 0, step: 1, mode: 'exit' });
    expect(parseFaultPlan('')).toBeNull();
    expect(parseFaultPlan('x')).toBeNull();
  });
});

describe('N replicas reproduce the single-device trajectory (30 SGD steps, no shuffle)', () => {
  const cases: [name: 'mnist-mlp' | 'mnist-lenet', batch: number][] = [
    ['mnist-mlp', 64],
    ['mnist-mlp', 61],
    ['mnist-lenet', 64],
  ];
  for (const [name, batch] of cases) {
    it(`${name}, batch ${batch}: cpu:2 and cpu:3 match cpu:1 to ${TOL} relative`, async () => {
      const single = await trajectory(template(name, { batch_size: batch, device: 'cpu:1' }), { maxSteps: STEPS });
      expect(single.losses).toHaveLength(STEPS);
      for (const device of ['cpu:2', 'cpu:3']) {
        const dp = await trajectory(template(name, { batch_size: batch, device }), { maxSteps: STEPS });
        const loss = maxRelDiff(single.losses, dp.losses);
        const params = maxAbs(single.params, dp.params);
        report.push(`${name} b${batch} ${device}: max rel loss diff ${loss.toExponential(2)}, max abs param diff ${params.toExponential(2)}`);
        expect(loss).toBeLessThan(TOL);
        expect(dp.correct).toEqual(single.correct);
      }
    });
  }

  it('handles an uneven last batch down to a single sample (empty shards contribute nothing)', async () => {
    // 67 samples, batch 33: batches of 33, 33 and 1 per epoch; with 3 replicas the last is [1, 0, 0].
    const doc = (device: string) => template('mnist-mlp', { batch_size: 33, epochs: 3, device, dataset: { kind: 'random', samples: 67, classes: 10 } });
    const single = await trajectory(doc('cpu:1'));
    expect(single.losses).toHaveLength(9);
    for (const device of ['cpu:2', 'cpu:3']) {
      const dp = await trajectory(doc(device));
      const loss = maxRelDiff(single.losses, dp.losses);
      report.push(`random-67 b33 ×3 epochs ${device}: max rel loss diff ${loss.toExponential(2)}`);
      expect(loss).toBeLessThan(TOL);
    }
  });

  afterAll(() => console.log(report.join('\n')));
});

describe('ReplicaGroup', () => {
  it('keeps replicas bit-identical (SGD momentum and Adam), and close to one ModelRunner', async () => {
    const optimizers: OptimizerConfig[] = [
      { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: true, weight_decay: 1e-3 },
      { type: 'adam', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 },
    ];
    for (const optimizer of optimizers) {
      const doc = template('mnist-mlp', { batch_size: 7, optimizer });
      const check = checkDocument(doc);
      const { layout, buffers, optStateKeys } = buildProgram(doc, 'train', 1, check);
      const s0 = initialTrainState(initParams(layout, 3), initBuffers(buffers), optStateKeys);
      const group = await ReplicaGroup.create(doc, check, cloneTrainState(s0), [0, 1, 2].map((i) => ({ label: `cpu:${i}`, session: { threads: 1 } })));
      const single = new ModelRunner(doc, check, cloneTrainState(s0), { threads: 1 });
      try {
        const rng = new Rng(11);
        for (const batch of [7, 7, 5, 2, 1, 7]) {
          const x = Float32Array.from({ length: batch * 784 }, () => rng.uniform(0, 1));
          const y = BigInt64Array.from({ length: batch }, () => BigInt(rng.int(10)));
          const a = await single.trainStep(x, y, batch, optimizer.lr);
          const [b] = await group.trainSteps({ xs: x, ys: y, lrs: Float32Array.of(optimizer.lr), k: 1 }, batch);
          expect(Math.abs(a.loss - b.loss) / a.loss).toBeLessThan(TOL);
          expect(b.correct).toBe(a.correct);
        }
        const r0 = group.replicaParams(0);
        for (const i of [1, 2]) expect(Buffer.from(group.replicaParams(i).buffer).equals(Buffer.from(r0.buffer))).toBe(true);
        expect(maxAbs(single.params, r0)).toBeLessThan(1e-5);
        // The group's optimizer state (for checkpoints) is replica 0's and matches one device's.
        for (const k of optStateKeys) expect(maxAbs(single.state.opt[k], group.state.opt[k])).toBeLessThan(1e-5);
        expect(group.state.step).toBe(single.state.step);
        const ev = await group.evaluate(new Float32Array(10 * 784).fill(0.5), new BigInt64Array(10), 10);
        const es = await single.evaluate(new Float32Array(10 * 784).fill(0.5), new BigInt64Array(10), 10);
        expect(Math.abs(ev.loss - es.loss)).toBeLessThan(1e-5);
        expect(Array.from(ev.prediction!)).toEqual(Array.from(es.prediction!));
      } finally {
        await group.release();
        await single.release();
      }
    }
  });
});

describe('a failing replica ends the run with the device named', () => {
  for (const [mode, words] of [['throw', 'failed: injected test failure'], ['crash', 'crashed: injected test failure'], ['exit', 'crashed: its worker exited unexpectedly (code 3)']] as const) {
    it(`${mode}`, async () => {
      process.env[FAULT_ENV] = `1:3:${mode}`;
      const run = trajectory(template('mnist-mlp', { device: 'cpu:2' }), { maxSteps: 10 });
      await expect(run).rejects.toThrow(`replica 1 (cpu:1) ${words}`);
      await expect(run).rejects.toMatchObject({ code: 'REPLICA_FAILED' });
    });
  }

  // Regression: the group used to terminate() the other replicas while they were inside a
  // (synchronous, native) session run, which aborts the whole process about half the time.
  // Repeated so that the race would be all but certain to show.
  it('the healthy replicas finish their run and exit cleanly (repeated 6 times, 3 replicas)', async () => {
    process.env[FAULT_ENV] = '2:2:throw';
    for (let i = 0; i < 6; i++) {
      const run = trajectory(template('mnist-lenet', { device: 'cpu:3', batch_size: 96 }), { maxSteps: 4 });
      await expect(run).rejects.toThrow('replica 2 (cpu:2) failed');
    }
  });
});

function maxAbs(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
