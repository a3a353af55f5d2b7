/**
 * The in-graph counter-based noise behind Dropout: ONNX Runtime computes exactly what the
 * float64 reference interpreter computes, the same (seed, step, node) gives the same
 * numbers, and the numbers look uniform and independent — across elements, steps, nodes
 * and data-parallel replicas (which are fed different seeds).
 */
import { describe, expect, it } from 'vitest';
import { saltOf, uniformNoise } from '../../../core/compile/random';
import { Builder } from '../../../core/ir/builder';
import { emitModel } from '../../../core/onnx/emit';
import { createSession, ort } from '../../../core/runtime/session';
import { replicaSeed } from '../../../core/runtime/trainState';
import { evalValues } from '../../reference/interpreter';

const N = 100_000;

function noiseProgram(n: number, salt: number) {
  const b = new Builder();
  const seed = b.input('seed', [], 'int64');
  const step = b.input('step', []);
  b.output('u', uniformNoise(b, seed, step, salt, [n]));
  return b.program();
}

async function noise(seed: number, step: number, salt = 12345, n = N): Promise<Float32Array> {
  const s = await createSession(emitModel(noiseProgram(n, salt)), { threads: 1 });
  try {
    const out = await s.run({ seed: new ort.Tensor('int64', BigInt64Array.of(BigInt(seed)), []), step: new ort.Tensor('float32', Float32Array.of(step), []) });
    return out.u.data as Float32Array;
  } finally {
    await s.release();
  }
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('uniformNoise', () => {
  it('ONNX Runtime equals the reference interpreter exactly, and repeats for the same inputs', async () => {
    const p = noiseProgram(2000, 77);
    const env = evalValues(p, { seed: { shape: [], data: Float64Array.of(987654321) }, step: { shape: [], data: Float64Array.of(41) } });
    const ref = env.get(p.outputs[0].value.id)!.data;
    const ortOut = await noise(987654321, 41, 77, 2000);
    expect(Array.from(ortOut)).toEqual(Array.from(ref, Math.fround));
    expect(Array.from(await noise(987654321, 41, 77, 2000))).toEqual(Array.from(ortOut));
  });

  it('is uniform on [0, 1): mean, variance and a 64-bin chi-square test', async () => {
    const u = await noise(1, 0);
    let sum = 0;
    let sq = 0;
    const bins = new Array(64).fill(0);
    let outside = 0;
    for (const v of u) {
      if (!(v >= 0 && v < 1)) outside++;
      sum += v;
      sq += v * v;
      bins[Math.floor(v * 64)]++;
    }
    expect(outside).toBe(0);
    const mean = sum / N;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(sq / N - mean * mean - 1 / 12)).toBeLessThan(0.002);
    const expected = N / 64;
    const chi2 = bins.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(110); // 63 degrees of freedom: p ≈ 0.0002
  });

  it('neighbouring elements, consecutive steps, two nodes and two replicas are uncorrelated', async () => {
    const bound = 5 / Math.sqrt(N);
    const a = await noise(1, 0);
    expect(Math.abs(correlation(a.subarray(0, N - 1), a.subarray(1)))).toBeLessThan(bound);
    expect(Math.abs(correlation(a, await noise(1, 1)))).toBeLessThan(bound);
    expect(Math.abs(correlation(a, await noise(1, 0, saltOf('drop2'))))).toBeLessThan(bound);
    const [r0, r1] = [replicaSeed(0, 0), replicaSeed(0, 1)];
    expect(r0).not.toBe(r1);
    expect(Math.abs(correlation(await noise(r0, 5), await noise(r1, 5)))).toBeLessThan(bound);
  });

  it('with an offset, a shard draws exactly its rows of the whole batch\'s noise', () => {
    const rows = (n: number, withOffset: boolean) => {
      const b = new Builder();
      const seed = b.input('seed', [], 'int64');
      const step = b.input('step', []);
      const offset = withOffset ? b.input('offset', [], 'int64') : undefined;
      b.output('u', uniformNoise(b, seed, step, 5, [n, 3, 7], offset));
      return b.program();
    };
    const run = (p: ReturnType<typeof rows>, offset?: number) => {
      const feeds = { seed: { shape: [], data: Float64Array.of(4242) }, step: { shape: [], data: Float64Array.of(3) }, ...(offset === undefined ? {} : { offset: { shape: [], data: Float64Array.of(offset) } }) };
      return Array.from(evalValues(p, feeds).get(p.outputs[0].value.id)!.data);
    };
    const whole = run(rows(10, false));
    expect(run(rows(10, true), 0)).toEqual(whole);
    expect(run(rows(4, true), 0)).toEqual(whole.slice(0, 4 * 21));
    expect(run(rows(6, true), 4)).toEqual(whole.slice(4 * 21));
  });
});
