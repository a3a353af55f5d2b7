/**
 * The exported script trains like Wiregrad: from the same initial weights on the same
 * batches its per-step losses equal `wiregrad train --no-shuffle --metrics` to 1e-4 relative,
 * in one process and under torchrun with 2 CPU ranks (DDP over gloo), for the three
 * templates. Runs scripts/pytorch/export_parity.py, the documented developer check, on the
 * built CLI and Debian's python3-torch.
 */
import { describe, expect, it } from 'vitest';
import { buildBundles } from '../../runtime/helpers';
import { python, pythonUnavailable } from './python';

interface Run {
  model: string;
  run: string;
  steps: number;
  max_rel: number;
  at_step: number;
  test_loss_rel: number | null;
  same_records: boolean;
  pass: boolean;
  seconds: number;
}

function parity(...args: string[]): { code: number | null; runs: Run[]; output: string } {
  const r = python(['scripts/pytorch/export_parity.py', '--json', ...args], { timeout: 400_000 });
  const runs = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Run);
  for (const x of runs) console.log(`parity ${x.model} ${x.run} ${args.join(' ')}: ${x.steps} steps, max relative loss difference ${x.max_rel.toExponential(2)} (step ${x.at_step}), ${x.seconds} s`);
  return { code: r.code, runs, output: r.output };
}

const why = pythonUnavailable('torch');

describe.skipIf(why !== null)('exported PyTorch script vs wiregrad train', () => {
  it('MLP, LeNet and the CIFAR ConvNet: 30 steps each, single process and 2 ranks, losses within 1e-4', () => {
    buildBundles();
    const { code, runs, output } = parity('--steps', '30');
    expect(code, output).toBe(0);
    expect(runs.map((r) => `${r.model}/${r.run}`)).toEqual(
      ['mlp', 'lenet', 'convnet'].flatMap((m) => [`${m}/single process`, `${m}/2 ranks (gloo)`]),
    );
    for (const r of runs) {
      expect(r.steps, `${r.model} ${r.run}`).toBe(30);
      expect(r.max_rel, `${r.model} ${r.run} at step ${r.at_step}`).toBeLessThanOrEqual(1e-4);
      expect(r.test_loss_rel!, `${r.model} ${r.run}: test loss`).toBeLessThanOrEqual(1e-4);
      expect(r.same_records, `${r.model} ${r.run}: the metrics records have other fields than wiregrad train's`).toBe(true);
    }
  }, 420_000);

  it('an odd global batch splits 32/31 over 2 ranks, weighted by shard size, and still matches', () => {
    const { code, runs, output } = parity('--models', 'mlp', '--batch-size', '63', '--steps', '20', '--ranks-only');
    expect(code, output).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0].max_rel).toBeLessThanOrEqual(1e-4);
  }, 200_000);

  it('negative control: the script run from another seed does not match', () => {
    const { code, runs, output } = parity('--models', 'mlp', '--steps', '10', '--ranks', '1', '--mismatch-seed');
    expect(code, output).toBe(1);
    expect(runs[0].max_rel).toBeGreaterThan(1e-3);
  }, 200_000);
});
