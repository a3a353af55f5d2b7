/** The harness itself: it must catch what it is there to catch, and be deterministic. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors';
import { fuzz, type FuzzTarget } from './harness';
import { mutateJson } from './mutators';

const base: Omit<FuzzTarget<{ n: number }>, 'run'> = {
  name: 'meta',
  seeds: [{ n: 1 }, { n: 2 }],
  mutate: (i, rng) => ({ n: i.n + rng.int(10) }),
};

describe('fuzz harness', () => {
  it('counts successes and clear errors, and reports engine errors as failures', async () => {
    const r = await fuzz(
      {
        ...base,
        run(i) {
          if (i.n % 3 === 0) throw new ApiError('BAD_ARGUMENT', 'n must not be a multiple of 3');
          if (i.n % 3 === 1) return (null as unknown as { x: number }).x;
          return i.n;
        },
      },
      { seed: 1, runs: 60 },
    );
    expect(r.runs).toBe(60);
    expect(r.successes).toBeGreaterThan(0);
    expect(r.codes.BAD_ARGUMENT).toBe(r.clearErrors);
    expect(r.failures.length).toBe(60 - r.successes - r.clearErrors);
    expect(r.failures[0].reason).toMatch(/TypeError/);
  });

  it('reports a hang, an INTERNAL error and a message with a stack as failures', async () => {
    const r = await fuzz(
      {
        ...base,
        run(i, { index }) {
          if (index === 0) return new Promise(() => {});
          if (index === 1) throw new ApiError('INTERNAL', 'oops');
          throw Object.assign(new Error('bad\n    at foo (x.js:1:1)'), { code: 'X' });
        },
      },
      { seed: 2, runs: 3, caseTimeoutMs: 200 },
    );
    expect(r.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/no answer within 200 ms/), expect.stringMatching(/oops/), expect.stringMatching(/bad/)]);
  });

  it('reports memory that keeps growing', async () => {
    const kept: Uint8Array[] = [];
    const r = await fuzz({ ...base, run: () => void kept.push(new Uint8Array(32 * 2 ** 20).fill(1)) }, { seed: 3, runs: 8, maxRssGrowthMb: 64 });
    expect(r.failures.at(-1)?.reason).toMatch(/memory grew by \d+ MB/);
    kept.length = 0;
  });

  it('is deterministic: the same seed gives the same cases', async () => {
    const seen = (seed: number) => {
      const inputs: string[] = [];
      return fuzz({ ...base, seeds: [{ n: 1 }], mutate: (i, rng) => mutateJson(i, rng), run: (i) => void inputs.push(JSON.stringify(i)) }, { seed, runs: 30 }).then(() => inputs);
    };
    expect(await seen(7)).toEqual(await seen(7));
    expect(await seen(7)).not.toEqual(await seen(8));
  });
});
