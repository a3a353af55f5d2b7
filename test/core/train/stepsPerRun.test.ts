import { describe, expect, it } from 'vitest';
import { chooseStepsPerRun } from '../../../core/train/trainer';

describe('automatic steps per run', () => {
  it('aims at ~100 ms runs on a GPU, capped at 64 steps', () => {
    expect(chooseStepsPerRun([2, 2, 2, 9, 2], 'cuda:0', 1000)).toBe(50);
    expect(chooseStepsPerRun([0.1, 0.1, 0.1, 0.1, 0.1], 'cuda:0', 1000)).toBe(64);
  });

  it('fuses little on the CPU (~20 ms, at most 10 steps) and never past an epoch', () => {
    expect(chooseStepsPerRun([0.2, 0.3, 0.2, 0.2, 5], 'cpu', 938)).toBe(10);
    expect(chooseStepsPerRun([30, 31, 29, 30, 30], 'cpu', 938)).toBe(1);
    expect(chooseStepsPerRun([0.1, 0.1, 0.1, 0.1, 0.1], 'cuda:0', 7)).toBe(7);
  });

  it('goes by the fastest probed step: a busy machine only slows steps down', () => {
    expect(chooseStepsPerRun([25, 40, 1.5, 30, 22], 'cpu', 938)).toBe(10);
    expect(chooseStepsPerRun([8, 9, 5, 30, 9], 'cpu', 938)).toBe(4);
  });
});
