import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PYTHON = process.env.WIREGRAD_PYTHON || '/usr/bin/python3';

/**
 * PyTorch's throughput for one configuration measured now, by scripts/pytorch/bench.py, right
 * after Wiregrad's: for models without a stored baseline (ResNet-8), so the two figures see the
 * same machine. PyTorch at its best: run with OpenMP's default wait policy (fastest on a quiet
 * machine) and with passive waits (fastest on a loaded one), the faster kept. Null where Python
 * with torch is missing (the product never needs it).
 */
export function measurePytorchNow(repo: string, model: string, batch: number, optimizer: string, seconds: number): number | null {
  const script = path.join(repo, 'scripts', 'pytorch', 'bench.py');
  if (!fs.existsSync(PYTHON) || !fs.existsSync(script)) return null;
  const runs = [undefined, 'PASSIVE'].map((policy) => {
    const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: policy };
    if (!policy) delete env.OMP_WAIT_POLICY;
    const r = spawnSync(PYTHON, [script, '--json', '--models', model, '--batches', String(batch), '--optimizers', optimizer, '--seconds', String(seconds), '--rounds', '1'], { encoding: 'utf8', timeout: 600_000, env });
    const line = r.status === 0 ? r.stdout.trim().split('\n').pop() : undefined;
    return line ? (JSON.parse(line).samples_per_s as number) : null;
  }).filter((v): v is number => v !== null);
  return runs.length ? Math.max(...runs) : null;
}
