/**
 * `npm run bench [-- --json] [--quick] [--model mlp,lenet] [--batch 64] [--optimizer sgd]
 *  [--steps-per-run 1,10,50] [--device cpu,cpu:2,cuda:0] [--seconds S] [--profile DIR]`
 *  or `npm run bench -- --data images [--images 20000] [--epochs 2]` / `--data mnist-png`
 *  or `npm run bench -- --e2e [--pytorch] [--rounds 3] [--model mlp,lenet,convnet] [--epochs N]`
 *  (whole CLI runs, ./e2e.ts):
 * training throughput of the templates, optionally with ORT's profiler. Without any of
 * model/batch/optimizer/steps-per-run/device it runs the full overview: the three templates at
 * batch 64 and 256 and ResNet-8 at 64 and 128, with SGD and Adam (compared with PyTorch measured now, or its stored baseline without Python), then single-step vs
 * fused (K = 10, 50) vs data-parallel (cpu:2) for the MLP and LeNet at batch 64 with SGD.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, stringFlag } from '../cli/args';
import { table } from '../cli/format';
import { parseDeviceSpec } from '../runtime/deviceSpec';
import { measurePytorchNow } from './livePytorch';
import { benchModelNames, loadBenchModel, OVERVIEW_BATCHES, templatesDir } from './models';
import { summarizeProfile } from './profile';
import { measureThroughput, type ThroughputResult } from './throughput';
import { benchImageFolder, benchMnistPng } from './data';
import { e2eTable, phaseTable, runE2e } from './e2e';
import type { ParsedArgs } from '../cli/args';

interface Config {
  model: string;
  batch: number;
  optimizer: 'sgd' | 'adam';
  /** Steps per run; 'auto' = the trainer's own choice (timed single steps, chooseStepsPerRun). */
  k: number | 'auto';
  device: string;
  seconds: number;
}

const OVERVIEW: [model: string, k: number, device: string, share: number][] = [
  ['mlp', 1, 'cpu:1', 1], ['mlp', 10, 'cpu:1', 1], ['mlp', 50, 'cpu:1', 1], ['mlp', 1, 'cpu:2', 1],
  ['lenet', 1, 'cpu:1', 0.5], ['lenet', 10, 'cpu:1', 0.5], ['lenet', 50, 'cpu:1', 0.5], ['lenet', 1, 'cpu:2', 0.5],
];

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    json: { value: false }, quick: { value: false }, model: { value: true }, batch: { value: true },
    optimizer: { value: true }, seconds: { value: true }, profile: { value: true }, 'steps-per-run': { value: true },
    device: { value: true }, data: { value: true }, images: { value: true }, epochs: { value: true },
    e2e: { value: false }, pytorch: { value: false }, rounds: { value: true },
  });
  if (args.flags.has('e2e')) return runE2eBench(args);
  const dataBench = stringFlag(args, 'data');
  if (dataBench) return runDataBench(dataBench, args);
  const seconds = Number(stringFlag(args, 'seconds') ?? (args.flags.has('quick') ? 1 : 3));
  const profileDir = stringFlag(args, 'profile');
  const json = args.flags.has('json');
  const grid = ['model', 'batch', 'optimizer', 'steps-per-run', 'device'].some((f) => args.flags.has(f));
  let configs: Config[];
  if (grid) {
    const ks = (stringFlag(args, 'steps-per-run') ?? '1').split(',').map((v) => (v === 'auto' ? ('auto' as const) : Number(v)));
    const models = (stringFlag(args, 'model') ?? benchModelNames().join(',')).split(',');
    const batches = (stringFlag(args, 'batch') ?? '64,256').split(',').map(Number);
    const optimizers = (stringFlag(args, 'optimizer') ?? 'sgd,adam').split(',') as ('sgd' | 'adam')[];
    const devices = (stringFlag(args, 'device') ?? 'cpu').split(/\s*;\s*|,(?=\s*(?:cpu|cuda|gpu))/);
    for (const d of devices) parseDeviceSpec(d);
    configs = models.flatMap((model) => batches.flatMap((batch) => optimizers.flatMap((optimizer) => ks.flatMap((k) => devices.map((device) => ({ model, batch, optimizer, k, device, seconds }))))));
  } else {
    const templates = benchModelNames().flatMap((model) =>
      (OVERVIEW_BATCHES[model] ?? [64, 256]).flatMap((batch) => (['sgd', 'adam'] as const).map((optimizer) => ({ model, batch, optimizer, k: 'auto' as const, device: 'cpu', seconds }))),
    );
    configs = [...templates, ...OVERVIEW.map(([model, k, device, share]) => ({ model, batch: 64, optimizer: 'sgd' as const, k, device, seconds: seconds * share }))];
  }
  const baseline = loadBaseline();
  const liveKeys = new Set<string>();
  const results: ThroughputResult[] = [];
  for (const c of configs) {
    const doc = loadBenchModel(c.model);
    const session = profileDir ? { profilePrefix: path.join(profileDir, `${c.model}-b${c.batch}-${c.optimizer}`) } : {};
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const r = await measureThroughput(c.model, doc, c.batch, c.optimizer, c.seconds, session, c.k, c.device);
    results.push(r);
    // PyTorch measured now, beside Wiregrad, where Python with torch is there: the stored
    // baseline came from another machine (its LeNet figure is 2.2x what PyTorch does on this
    // project's 2-core AVX-512 machine), so it is only the fallback, marked in the table.
    const key = `${r.model}/${r.batch}/${r.optimizer}`;
    if (!liveKeys.has(key) && c.device === 'cpu' && !profileDir) {
      const live = measurePytorchNow(path.resolve(templatesDir(), '..', '..'), c.model, c.batch, c.optimizer, c.seconds);
      if (live !== null) {
        baseline.set(key, live);
        liveKeys.add(key);
      }
    }
    const torch = baseline.get(key);
    if (json) process.stdout.write(JSON.stringify({ ...r, pytorch_samples_per_s: torch ?? null, vs_pytorch: torch ? r.samples_per_s / torch : null, pytorch_measured: liveKeys.has(key) ? 'now' : torch ? 'baseline' : null }) + '\n');
    else process.stderr.write(`  ${c.model} b${c.batch} ${c.optimizer} ${c.device} K=${c.k}: ${Math.round(r.samples_per_s)} samples/s\n`);
  }
  if (profileDir) {
    for (const f of fs.readdirSync(profileDir).filter((f) => f.endsWith('.json'))) {
      process.stderr.write(`\nprofile ${f}\n${summarizeProfile(path.join(profileDir, f))}\n`);
    }
  }
  if (!json) {
    const rows = results.map((r) => {
      const torch = baseline.get(`${r.model}/${r.batch}/${r.optimizer}`);
      const single = results.find((q) => q.model === r.model && q.batch === r.batch && q.optimizer === r.optimizer && q.device === 'cpu:1' && q.steps_per_run === 1);
      return [
        r.model, String(r.batch), r.optimizer, r.runs_on?.includes('×') && r.runs_on !== r.device ? `${r.device} (${r.runs_on})` : r.device, String(r.steps_per_run), Math.round(r.samples_per_s).toString(), r.ms_per_step.toFixed(2),
        single ? `${(r.samples_per_s / single.samples_per_s).toFixed(2)}x` : '—',
        torch ? `${Math.round(torch)}${liveKeys.has(`${r.model}/${r.batch}/${r.optimizer}`) ? ' (now)' : ' (stored)'}` : '—', torch ? `${(r.samples_per_s / torch).toFixed(2)}x` : '—',
      ];
    });
    process.stdout.write(table(['model', 'batch', 'optimizer', 'device', 'K', 'samples/s', 'ms/step', 'vs cpu:1 K=1', 'PyTorch', 'vs PyTorch'], rows) + '\n');
  }
  return 0;
}

/** `--data images [--images N] [--epochs E]` or `--data mnist-png`: see core/bench/data.ts. */
async function runDataBench(which: string, args: ParsedArgs): Promise<number> {
  const log = (s: string) => process.stderr.write(s + '\n');
  const r =
    which === 'images'
      ? await benchImageFolder(Number(stringFlag(args, 'images') ?? 20000), 64, Number(stringFlag(args, 'epochs') ?? 2), log)
      : which === 'mnist-png'
        ? await benchMnistPng(log)
        : null;
  if (!r) throw new Error(`--data must be images or mnist-png, got "${which}"`);
  if (args.flags.has('json')) process.stdout.write(JSON.stringify(r) + '\n');
  return 0;
}

/** `--e2e`: whole `wiregrad train` runs of the templates, optionally paired with the plain PyTorch loop. */
async function runE2eBench(args: ParsedArgs): Promise<number> {
  const json = args.flags.has('json');
  const epochs = stringFlag(args, 'epochs');
  const runs = await runE2e(
    {
      models: (stringFlag(args, 'model') ?? 'mlp,lenet,convnet').split(','),
      rounds: Number(stringFlag(args, 'rounds') ?? 1),
      pytorch: args.flags.has('pytorch'),
      epochs: epochs ? Number(epochs) : undefined,
      log: (s) => process.stderr.write(s + '\n'),
    },
    (r) => json && process.stdout.write(JSON.stringify(r) + '\n'),
  );
  if (!json) process.stdout.write(`${e2eTable(runs)}\n\nwhere a Wiregrad run's time goes (medians):\n${phaseTable(runs)}\n`);
  return 0;
}

/** PyTorch figures measured on this machine class by scripts/pytorch/bench.py (if present). */
function loadBaseline(): Map<string, number> {
  const file = path.resolve(templatesDir(), '..', '..', 'scripts', 'pytorch', 'baseline-results.jsonl');
  const m = new Map<string, number>();
  if (!fs.existsSync(file)) return m;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    m.set(`${r.model}/${r.batch}/${r.optimizer}`, r.samples_per_s);
  }
  return m;
}

main(process.argv.slice(2)).then(
  (c) => (process.exitCode = c),
  (e: Error) => {
    // Known failures (no CUDA, a replica failed, bad option) print one line, not a stack.
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 1;
  },
);
