/** Runs scripts/pytorch/export_parity.py --json and reads its one JSON line per run. */
import path from 'node:path';
import { python } from './python';

export interface ParityRun {
  model: string;
  run: string;
  steps: number;
  max_rel: number;
  at_step: number;
  test_loss_rel: number | null;
  val_loss_rel: number | null;
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
