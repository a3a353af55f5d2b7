/**
 * The device choice as a user meets it on the CLI: `--device cpu:2 --metrics` reproduces
 * `--device cpu`, a crashed replica exits 1 naming it and leaves the project untouched,
 * and `--device cuda:0` without a loadable CUDA provider exits 1 with the plain message.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cudaProviderInstalled } from '../../../core/runtime/cuda';
import { FAULT_ENV } from '../../../core/runtime/replicaProtocol';
import { buildBundles, maxRelDiff, root, templates } from './helpers';

let tmp: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'train', ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function metrics(file: string): number[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.kind === 'step').map((e) => e.loss);
}

beforeAll(() => {
  buildBundles();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-devices-'));
  fs.copyFileSync(path.join(templates, 'mnist-mlp.wiregrad.json'), path.join(tmp, 'mlp.wiregrad.json'));
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('wiregrad train --device', () => {
  it('cpu:2 with --metrics reproduces cpu:1 (batch 50, no shuffle, 20 steps)', () => {
    // --fresh: both runs start from the seeded initialisation, not from the weights the first one saves beside the project.
    const common = ['mlp.wiregrad.json', '--steps', '20', '--no-shuffle', '--batch-size', '50', '--lr', '0.05', '--fresh'];
    const a = cli([...common, '--device', 'cpu:1', '--metrics', 'cpu.jsonl']);
    expect(a.code, a.stderr).toBe(0);
    const b = cli([...common, '--device', 'cpu:2', '--metrics', 'cpu2.jsonl', '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout.trim().split('\n').pop()!).steps).toBe(20);
    const la = metrics(path.join(tmp, 'cpu.jsonl'));
    expect(la).toHaveLength(20);
    expect(maxRelDiff(la, metrics(path.join(tmp, 'cpu2.jsonl')))).toBeLessThan(1e-5);
  });

  it('a crashed replica exits 1 with the replica and device named; the project file is untouched', () => {
    const file = path.join(tmp, 'mlp.wiregrad.json');
    const before = fs.readFileSync(file);
    const r = cli(['mlp.wiregrad.json', '--steps', '10', '--device', 'cpu:2'], { [FAULT_ENV]: '1:4:exit' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('replica 1 (cpu:1) crashed');
    expect(r.stderr).not.toContain('    at ');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it.skipIf(cudaProviderInstalled().installed)('cuda:0 without the CUDA provider exits 1 with the plain message, never falling back to the CPU', () => {
    for (const device of ['cuda:0', 'cuda:all', 'cuda:0,1']) {
      const r = cli(['mlp.wiregrad.json', '--steps', '2', '--device', device]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('CUDA is not available');
      expect(r.stderr).toContain('npm run setup:cuda');
      expect(r.stderr).toContain('cuDNN 9');
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
    }
  });

  it('an unknown device is a usage error (exit 2)', () => {
    const r = cli(['mlp.wiregrad.json', '--device', 'tpu:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown device "tpu:0"');
  });
});
