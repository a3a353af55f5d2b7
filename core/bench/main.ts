/**
 * `npm run bench [-- --json] [--quick] [--model mlp,lenet] [--batch 64] [--optimizer sgd]
 *  [--profile DIR]`: training throughput of the templates, optionally with ORT's profiler.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, stringFlag } from '../cli/args';
import { table } from '../cli/format';
import { BENCH_MODELS, loadBenchModel, templatesDir } from './models';
import { summarizeProfile } from './profile';
import { measureThroughput, type ThroughputResult } from './throughput';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    json: { value: false }, quick: { value: false }, model: { value: true }, batch: { value: true },
    optimizer: { value: true }, seconds: { value: true }, profile: { value: true },
  });
  const models = (stringFlag(args, 'model') ?? Object.keys(BENCH_MODELS).join(',')).split(',');
  const batches = (stringFlag(args, 'batch') ?? '64,256').split(',').map(Number);
  const optimizers = (stringFlag(args, 'optimizer') ?? 'sgd,adam').split(',') as ('sgd' | 'adam')[];
  const seconds = Number(stringFlag(args, 'seconds') ?? (args.flags.has('quick') ? 1 : 3));
  const profileDir = stringFlag(args, 'profile');
  const json = args.flags.has('json');
  const baseline = loadBaseline();
  const results: ThroughputResult[] = [];
  for (const model of models) {
    const doc = loadBenchModel(model);
    for (const batch of batches) {
      for (const optimizer of optimizers) {
        const session = profileDir ? { profilePrefix: path.join(profileDir, `${model}-b${batch}-${optimizer}`) } : {};
        if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
        const r = await measureThroughput(model, doc, batch, optimizer, seconds, session);
        results.push(r);
        const torch = baseline.get(`${model}/${batch}/${optimizer}`);
        if (json) process.stdout.write(JSON.stringify({ ...r, pytorch_samples_per_s: torch ?? null, vs_pytorch: torch ? r.samples_per_s / torch : null }) + '\n');
        else process.stderr.write(`  ${model} b${batch} ${optimizer}: ${Math.round(r.samples_per_s)} samples/s\n`);
      }
    }
  }
  if (profileDir) {
    for (const f of fs.readdirSync(profileDir).filter((f) => f.endsWith('.json'))) {
      process.stderr.write(`\nprofile ${f}\n${summarizeProfile(path.join(profileDir, f))}\n`);
    }
  }
  if (!json) {
    const rows = results.map((r) => {
      const torch = baseline.get(`${r.model}/${r.batch}/${r.optimizer}`);
      return [r.model, String(r.batch), r.optimizer, Math.round(r.samples_per_s).toString(), r.ms_per_step.toFixed(2), torch ? Math.round(torch).toString() : '—', torch ? `${(r.samples_per_s / torch).toFixed(2)}x` : '—'];
    });
    process.stdout.write(table(['model', 'batch', 'optimizer', 'samples/s', 'ms/step', 'PyTorch', 'vs PyTorch'], rows) + '\n');
  }
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

main(process.argv.slice(2)).then((c) => (process.exitCode = c));
