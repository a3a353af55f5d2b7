/**
 * End-to-end benchmark (`npm run bench -- --e2e [--model mlp,lenet,convnet] [--rounds 3]
 * [--pytorch] [--epochs N] [--json]`): whole `wiregrad train <template> --json` runs, process
 * start to summary line, at the templates' own settings (MLP SGD lr 0.01 b64 10 epochs, LeNet
 * Adam 1e-3 3 epochs, ConvNet 1 epoch on its synthetic data), with wall time, samples/s, peak
 * RSS, test accuracy and where the time went (the summary's phases). With --pytorch each
 * Wiregrad run is followed by the plain PyTorch loop (scripts/pytorch/e2e_loop.py) on the same
 * project, alternating, so both see the same machine; the table shows medians and the median
 * of the per-round ratios (on a shared 2-core machine only paired figures mean anything).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { table } from '../cli/format';
import { BENCH_MODELS, templatesDir } from './models';

export interface E2eRun {
  tool: 'wiregrad' | 'pytorch';
  model: string;
  round: number;
  /** Spawn to summary line, as the user waits. */
  wall_s: number;
  samples_per_s: number;
  /** CPU seconds of the whole process (all threads). */
  cpu_s: number | null;
  test_accuracy: number | null;
  peak_rss_mb: number | null;
  phases?: Record<string, number>;
}

export interface E2eOptions {
  models: string[];
  rounds: number;
  pytorch: boolean;
  epochs?: number;
  /** Extra `wiregrad train` flags. */
  extra?: string[];
  log: (s: string) => void;
}

const PYTHON = '/usr/bin/python3';
/**
 * OpenMP threads that wait passively: with the default (spin, then sleep) PyTorch 1.13's two
 * threads ran 2.7x slower on a shared machine (1 MNIST epoch: 21 s vs 7.9 s), so the default
 * would flatter Wiregrad (whose ORT threads do not spin either, core/runtime/session.ts). On a
 * quiet machine too passive is PyTorch's faster policy for whole runs (LeNet, 3 epochs,
 * 2026-12-02: 33.2 s passive, 43.4 s default), while its step benchmark is faster with the
 * default policy, which scripts/side-by-side.sh and livePytorch.ts therefore also try.
 */
const PYTORCH_ENV = { OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };

function repoRoot(): string {
  return path.resolve(templatesDir(), '..', '..');
}

/** Runs a command, resolving at its JSON summary line with the time since spawn. */
function timedSummary(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ wall_s: number; summary: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    let summary: { wall_s: number; summary: Record<string, unknown> } | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{') && l.includes('"summary"'));
      if (line && !summary) summary = { wall_s: (performance.now() - t0) / 1000, summary: JSON.parse(line) };
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && summary) resolve(summary);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

async function wiregradRun(model: string, round: number, o: E2eOptions): Promise<E2eRun> {
  const project = path.join(templatesDir(), BENCH_MODELS[model]);
  const args = [path.join(repoRoot(), 'bin', 'wiregrad.js'), 'train', project, '--json', ...(o.epochs ? ['--epochs', String(o.epochs)] : []), ...(o.extra ?? [])];
  const { wall_s, summary: s } = await timedSummary(process.execPath, args);
  return { tool: 'wiregrad', model, round, wall_s, samples_per_s: s.samples_per_s as number, cpu_s: (s.cpu_s as number) ?? null, test_accuracy: (s.test_accuracy as number) ?? null, peak_rss_mb: (s.peak_rss_mb as number) ?? null, phases: s.phases as Record<string, number> };
}

async function pytorchRun(model: string, round: number, o: E2eOptions): Promise<E2eRun> {
  const project = path.join(templatesDir(), BENCH_MODELS[model]);
  const script = path.join(repoRoot(), 'scripts', 'pytorch', 'e2e_loop.py');
  const { wall_s, summary: s } = await timedSummary(PYTHON, [script, project, '--json', ...(o.epochs ? ['--epochs', String(o.epochs)] : [])], PYTORCH_ENV);
  const phases = { startup: s.startup_s as number, training: s.elapsed_s as number };
  return { tool: 'pytorch', model, round, wall_s, samples_per_s: s.samples_per_s as number, cpu_s: (s.cpu_s as number) ?? null, test_accuracy: (s.test_accuracy as number) ?? null, peak_rss_mb: (s.peak_rss_mb as number) ?? null, phases };
}

export async function runE2e(o: E2eOptions, onRun: (r: E2eRun) => void = () => {}): Promise<E2eRun[]> {
  if (o.pytorch && !fs.existsSync(PYTHON)) throw new Error(`--pytorch needs ${PYTHON} with torch`);
  const runs: E2eRun[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    for (const model of o.models) {
      if (!BENCH_MODELS[model]) throw new Error(`unknown model "${model}"; choose ${Object.keys(BENCH_MODELS).join(', ')}`);
      // Alternating, Wiregrad first in odd rounds and PyTorch first in even ones, so neither
      // always runs right after the other's page-cache warm-up.
      const order = o.pytorch ? (round % 2 ? [wiregradRun, pytorchRun] : [pytorchRun, wiregradRun]) : [wiregradRun];
      for (const f of order) {
        const r = await f(model, round, o);
        o.log(`  round ${round} ${model} ${r.tool}: ${r.wall_s.toFixed(2)} s (CPU ${r.cpu_s?.toFixed(1) ?? '—'} s), ${Math.round(r.samples_per_s)} samples/s, acc ${r.test_accuracy?.toFixed(4) ?? '—'}, peak RSS ${r.peak_rss_mb?.toFixed(0) ?? '—'} MB`);
        runs.push(r);
        onRun(r);
      }
    }
  }
  return runs;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (x: number | undefined, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

/** Medians per model and tool, and the median of the paired (same round) ratios PyTorch ÷ Wiregrad wall time. */
export function e2eTable(runs: E2eRun[]): string {
  const models = [...new Set(runs.map((r) => r.model))];
  const rows = models.map((m) => {
    const w = runs.filter((r) => r.model === m && r.tool === 'wiregrad');
    const t = runs.filter((r) => r.model === m && r.tool === 'pytorch');
    const ratios = w.map((r) => t.find((q) => q.round === r.round)).map((q, i) => (q ? q.wall_s / w[i].wall_s : NaN)).filter((x) => !Number.isNaN(x));
    const acc = (rs: E2eRun[]) => (rs.length && rs[0].test_accuracy !== null ? median(rs.map((r) => r.test_accuracy!)).toFixed(4) : '—');
    return [
      m, fmt(median(w.map((r) => r.wall_s))), fmt(median(w.map((r) => r.cpu_s ?? NaN)), 1), String(Math.round(median(w.map((r) => r.samples_per_s)))), acc(w), fmt(median(w.map((r) => r.peak_rss_mb ?? NaN)), 0),
      t.length ? fmt(median(t.map((r) => r.wall_s))) : '—', t.length ? fmt(median(t.map((r) => r.cpu_s ?? NaN)), 1) : '—', t.length ? acc(t) : '—', t.length ? fmt(median(t.map((r) => r.peak_rss_mb ?? NaN)), 0) : '—',
      ratios.length ? `${median(ratios).toFixed(2)}x` : '—', ratios.map((x) => x.toFixed(2)).join(' '),
    ];
  });
  return table(['model', 'wiregrad s', 'CPU s', 'samples/s', 'acc', 'RSS MB', 'pytorch s', 'CPU s', 'acc', 'RSS MB', 'speed-up', 'per round'], rows);
}

/** Median seconds per phase of the Wiregrad runs, with the remainder of the wall time as "other". */
export function phaseTable(runs: E2eRun[]): string {
  const w = runs.filter((r) => r.tool === 'wiregrad' && r.phases);
  const models = [...new Set(w.map((r) => r.model))];
  const names = [...new Set(w.flatMap((r) => Object.keys(r.phases!)))];
  const rows = [...names, 'other', 'wall'].map((n) => [
    n,
    ...models.map((m) => {
      const rs = w.filter((r) => r.model === m);
      const v = rs.map((r) => (n === 'wall' ? r.wall_s : n === 'other' ? r.wall_s - Object.values(r.phases!).reduce((a, b) => a + b, 0) : (r.phases![n] ?? 0)));
      return median(v).toFixed(2);
    }),
  ]);
  return table(['phase (s)', ...models], rows);
}
