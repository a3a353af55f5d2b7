/** Runs scripts/pytorch/export_parity.py --json and reads its one JSON line per run. */
import path from 'node:path';
import { expect } from 'vitest';
import { python } from './python';

export interface ParityRun {
  model: string;
  run: string;
  steps: number;
  max_rel: number;
  at_step: number;
  test_loss_rel: number | null;
  val_loss_rel: number | null;
  /** Largest relative difference of a step's learning rate (schedules). */
  lr_max_rel: number;
  same_records: boolean;
  pass: boolean;
  seconds: number;
  /** With --state: the trained state against the script's checkpoint. */
  running_max_abs?: number;
  params_max_abs?: number;
  state_keys?: string[];
}

export function exportParity(...args: string[]): { code: number | null; runs: ParityRun[]; output: string } {
  const r = python(['scripts/pytorch/export_parity.py', '--json', ...args], { timeout: 400_000 });
  const runs = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ParityRun);
  for (const x of runs) console.log(`parity ${path.basename(x.model)} ${x.run}: ${x.steps} steps, max relative loss difference ${x.max_rel.toExponential(2)} (step ${x.at_step}), ${x.seconds} s`);
  return { code: r.code, runs, output: r.output };
}

/**
 * The parity script exited 0 with `count` runs of `steps` steps each, every step loss and the
 * last epoch's test loss (and validation loss, where `validated` says so) within 1e-4
 * relative of wiregrad train's, with the same metrics records.
 */
export function expectParity(result: ReturnType<typeof exportParity>, count: number, steps: number, validated: (r: ParityRun) => boolean = () => true): void {
  expect(result.code, result.output).toBe(0);
  expect(result.runs).toHaveLength(count);
  for (const r of result.runs) {
    expect(r.steps, r.model).toBe(steps);
    expect(r.max_rel, `${r.model} ${r.run} at step ${r.at_step}`).toBeLessThanOrEqual(1e-4);
    expect(r.test_loss_rel!, `${r.model}: test loss`).toBeLessThanOrEqual(1e-4);
    if (validated(r)) expect(r.val_loss_rel!, `${r.model}: validation loss`).toBeLessThanOrEqual(1e-4);
    expect(r.same_records, `${r.model}: the metrics records have other fields than wiregrad train's`).toBe(true);
    expect(r.lr_max_rel, `${r.model}: learning rates`).toBeLessThanOrEqual(1e-12);
  }
}
