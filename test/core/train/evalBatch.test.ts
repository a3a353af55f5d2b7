import { describe, expect, it } from 'vitest';
import { EVAL_BYTES, evalBatchSize } from '../../../core/train/evalBatch';

describe('evalBatchSize', () => {
  it('takes a large divisor of the split, so MNIST test has no short last batch', () => {
    expect(evalBatchSize(10000, 64, 1200)).toBe(1000);
    expect(evalBatchSize(10000, 64, 12000)).toBe(1000);
    expect(10000 % evalBatchSize(10000, 64, 30000)).toBe(0);
  });

  it('stays within the activation budget, or near the training batch (whose step fits anyway)', () => {
    const perSample = 100_000;
    const b = evalBatchSize(10000, 32, perSample);
    expect(b * perSample * 4).toBeLessThanOrEqual(EVAL_BYTES);
    expect(evalBatchSize(10000, 512, perSample)).toBe(500);
    expect(evalBatchSize(10007, 512, perSample)).toBe(512);
  });

  it('falls back to the cap when no divisor is near it, and never exceeds the split', () => {
    expect(evalBatchSize(409, 64, 90_000)).toBe(186); // 409 is prime: two runs, one short
    expect(evalBatchSize(10, 64, 1000)).toBe(10);
    expect(evalBatchSize(1, 1, 1)).toBe(1);
  });
});
