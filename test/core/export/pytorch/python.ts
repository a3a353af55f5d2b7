/**
 * THE helper for tests that cross-check with Python: Debian's /usr/bin/python3 (or
 * $WIREGRAD_PYTHON) with torch, torchvision, numpy, Jupyter. Locally a missing piece skips
 * those tests with the reason printed; under CI (CI set, where .ci/run installs them) it
 * fails them, so a broken setup cannot pass as green.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PYTHON = process.env.WIREGRAD_PYTHON || '/usr/bin/python3';
export const ROOT = path.resolve(__dirname, '../../../..');

const probes = {
  torch: [PYTHON, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available()']],
  torchvision: [PYTHON, ['-c', 'import torch, torchvision']],
  notebook: [PYTHON, ['-c', 'import nbconvert, ipykernel, matplotlib']],
  numpy: [PYTHON, ['-c', 'import numpy']],
} as const;

const packages: Record<keyof typeof probes, string> = {
  torch: 'python3-torch',
  torchvision: 'python3-torchvision',
  notebook: 'python3-nbconvert python3-ipykernel python3-matplotlib',
  numpy: 'python3-numpy',
};

/** Each probe runs once per test file (importing torch takes seconds). */
const probed = new Map<string, string | null>();

function probe(need: keyof typeof probes): string | null {
  if (!probed.has(need)) {
    const [cmd, args] = probes[need];
    const r = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 60_000 });
    probed.set(need, r.status === 0 ? null : `${need} is missing for ${PYTHON} (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}): apt-get install ${packages[need]}`);
  }
  return probed.get(need)!;
}

/** Why the given Python pieces are missing, or null when all are there. Throws under CI instead of skipping. */
export function pythonUnavailable(...needs: (keyof typeof probes)[]): string | null {
  let why: string | null = existsSync(PYTHON) ? null : `no Python at ${PYTHON}`;
  for (const need of needs) why ??= probe(need);
  if (why && process.env.CI) throw new Error(`Python cross-checks cannot run under CI: ${why}`);
  if (why) console.log(`skipping Python cross-checks: ${why}`);
  return why;
}

/** Runs a Python command; the result keeps stdout and stderr for failure messages. */
export function python(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number; input?: string } = {}) {
  const r = spawnSync(PYTHON, args, { cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, maxBuffer: 256 << 20, timeout: opts.timeout ?? 120_000, env: { ...process.env, OMP_NUM_THREADS: '1', ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}\n${r.error?.message ?? ''}` };
}

/** Runs a Python script with `input` as JSON on stdin and returns its stdout parsed as JSON; throws with stderr on failure. */
export function runPython<T>(script: string, input: unknown, timeout = 120_000): T {
  const r = python([script], { input: JSON.stringify(input), timeout });
  if (r.code !== 0) throw new Error(`${script} failed: ${r.output}`);
  return JSON.parse(r.stdout) as T;
}
