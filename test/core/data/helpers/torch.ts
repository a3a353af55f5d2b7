/** Running torchvision (Debian's python3-torch) for reference values; see PLAN: fail under CI, skip locally. */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

let cached: string | null | undefined;

/** Why torchvision cannot run here, or null. Under CI a missing torch is an error, never a skip. */
export function torchUnavailable(): string | null {
  if (cached === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
    cached = r.status === 0 ? null : `torchvision is not importable by ${PYTHON}: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
    if (cached) {
      if (process.env.CI) throw new Error(`tests need torch under CI: ${cached}`);
      process.stdout.write(`skipping torchvision comparisons: ${cached}\n`);
    }
  }
  return cached;
}

export function runPython<T>(script: string, input: unknown): T {
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 256 << 20, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
