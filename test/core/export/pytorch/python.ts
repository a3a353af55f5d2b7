/**
 * Debian's /usr/bin/python3 with torch (and Jupyter for notebooks), for the tests that run
 * exported PyTorch programs. Locally a missing piece skips those tests with the reason
 * printed; under CI (CI set, where .ci/run installs python3-torch) it fails them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PYTHON = process.env.WIREGRAD_PYTHON || '/usr/bin/python3';
export const ROOT = path.resolve(__dirname, '../../../..');

const probes = {
  torch: [PYTHON, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available()']],
  notebook: [PYTHON, ['-c', 'import nbconvert, ipykernel, matplotlib']],
  numpy: [PYTHON, ['-c', 'import numpy']],
} as const;

/** Why the given Python pieces are missing, or null when all are there. */
export function pythonUnavailable(...needs: (keyof typeof probes)[]): string | null {
  let why: string | null = existsSync(PYTHON) ? null : `no Python at ${PYTHON}`;
  for (const need of needs) {
    if (why) break;
    const [cmd, args] = probes[need];
    const r = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) why = `${need} is missing for ${PYTHON} (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}): apt-get install ${{ torch: 'python3-torch', notebook: 'python3-nbconvert python3-ipykernel python3-matplotlib', numpy: 'python3-numpy' }[need]}`;
  }
  if (why && process.env.CI) throw new Error(`PyTorch export tests cannot run under CI: ${why}`);
  if (why) console.log(`skipping PyTorch export tests: ${why}`);
  return why;
}

/** Runs a Python command; the result keeps stdout and stderr for failure messages. */
export function python(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number; input?: string } = {}) {
  const r = spawnSync(PYTHON, args, { cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, maxBuffer: 64 << 20, timeout: opts.timeout ?? 120_000, env: { ...process.env, OMP_NUM_THREADS: '1', ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}\n${r.error?.message ?? ''}` };
}
