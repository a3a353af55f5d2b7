import { describe, expect, it } from 'vitest';
import { chooseStepsPerRun, CPU_RUN_OVERHEAD_MS } from '../../../core/train/trainer';

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

  it('on the CPU, fuses only when the saving over the steps left outweighs building the Loop session', () => {
    // The MNIST MLP: 10 epochs of 938 steps easily repay a 50-ms session, and so does one epoch.
    expect(chooseStepsPerRun([0.6, 0.6, 0.6, 0.6, 0.6], 'cpu', 938, { sessionMs: 50, remainingSteps: 9375 })).toBe(10);
    expect(chooseStepsPerRun([0.6, 0.6, 0.6, 0.6, 0.6], 'cpu', 938, { sessionMs: 50, remainingSteps: 933 })).toBe(10);
    // A 500-layer chain on 2,048 samples: 27 steps left cannot repay a 370-ms session.
    expect(chooseStepsPerRun([5, 5, 5, 5, 5], 'cpu', 32, { sessionMs: 370, remainingSteps: 27 })).toBe(1);
    // The break-even point, K = 4: (1 − 1/4) of the per-run overhead saved on each step left.
    const breakEven = 100 / (CPU_RUN_OVERHEAD_MS * 0.75);
    expect(chooseStepsPerRun([5, 5, 5, 5, 5], 'cpu', 938, { sessionMs: 100, remainingSteps: Math.ceil(breakEven) + 1 })).toBe(4);
    expect(chooseStepsPerRun([5, 5, 5, 5, 5], 'cpu', 938, { sessionMs: 100, remainingSteps: Math.floor(breakEven) - 1 })).toBe(1);
    // GPUs keep their rule (their per-run cost was not measured here).
    expect(chooseStepsPerRun([2, 2, 2, 2, 2], 'cuda:0', 1000, { sessionMs: 5000, remainingSteps: 10 })).toBe(50);
  });
});
