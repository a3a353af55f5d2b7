/**
 * Issue 7 (17): a model far too large for memory is refused before training starts, with
 * the estimate, from the CLI and the API (the app). Available memory is injected
 * (WIREGRAD_MEMORY_BYTES / BackendOptions.availableMemory) so the figure is the same on every machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { estimateTrainingMemory, requireMemory } from '../../../core/check/memory';
import { cgroupAvailable } from '../../../core/devices/memory';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { makeBackend } from '../api/fakes';

const root = path.resolve(__dirname, '../../..');
const GiB = 2 ** 30;
const template = (name: string): ProjectDocument => parseDocument(fs.readFileSync(path.join(root, `assets/templates/${name}.wiregrad.json`), 'utf8'));

/** LeNet with conv1 2048 and conv2 5800 channels wide: about 315M parameters. */
function hugeConvNet(): ProjectDocument {
  const doc = template('mnist-lenet');
  const set: Record<string, Record<string, unknown>> = { conv1: { out_channels: 2048 }, conv2: { in_channels: 2048, out_channels: 5800 }, fc1: { in_features: 'auto' } };
  return { ...doc, nodes: doc.nodes.map((n) => (set[n.id] ? { ...n, params: { ...n.params, ...set[n.id] } } : n)) as ProjectDocument['nodes'] };
}

let tmp: string;
beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-mem-'));
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('training memory estimate', () => {
  it('counts parameters, gradients, optimizer state and activations (x2) at the batch size', () => {
    const doc = template('mnist-mlp');
    const check = checkDocument(doc);
    const e = estimateTrainingMemory(doc, check);
    expect(e.parameters).toBe(109_386 * 4);
    expect(e.gradients).toBe(e.parameters);
    expect(e.optimizerState).toBe(0); // plain SGD keeps no state
    // Per sample: 784 (input) + 784 (flatten) + 128 + 128 + 64 + 64 + 10 + loss scalar + label.
    expect(e.activations % (64 * 4 * 2)).toBe(0);
    const adam = { ...doc, training: { ...doc.training, optimizer: { type: 'adam' as const, lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0 } } };
    expect(estimateTrainingMemory(adam, check).optimizerState).toBe(2 * e.parameters);
    expect(e.total).toBe(e.parameters * 2 + e.activations);
  });

  it('the 315M-parameter ConvNet is refused with the estimate; the MLP fits', () => {
    const big = hugeConvNet();
    const check = checkDocument(big);
    expect(check.totalParams).toBeGreaterThan(310e6);
    expect(() => requireMemory(big, check, 4 * GiB)).toThrow(/needs about [\d.]+ GB .*parameters 1\.\d GB.*only 4\.0 GB is available/);
    const mlp = template('mnist-mlp');
    expect(requireMemory(mlp, checkDocument(mlp), 4 * GiB).total).toBeLessThan(10e6);
  });

  it('reads a cgroup v2 limit', () => {
    const cg = fs.mkdtempSync(path.join(tmp, 'cg-'));
    fs.writeFileSync(path.join(cg, 'memory.max'), `${3 * GiB}\n`);
    fs.writeFileSync(path.join(cg, 'memory.current'), `${GiB}\n`);
    expect(cgroupAvailable(cg)).toBe(2 * GiB);
    fs.writeFileSync(path.join(cg, 'memory.max'), 'max\n');
    expect(cgroupAvailable(cg)).toBeUndefined();
  });
});

describe('refused before training starts', () => {
  it('by the CLI: exit 1, MODEL_TOO_LARGE with the estimate, in seconds, nothing trained', () => {
    const file = path.join(tmp, 'huge.wiregrad.json');
    fs.writeFileSync(file, JSON.stringify(hugeConvNet()));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'train', file, '--steps', '1'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, WIREGRAD_MEMORY_BYTES: String(4 * GiB) } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MODEL_TOO_LARGE: Training this model needs about [\d.]+ GB/);
    expect(r.stderr).toContain('only 4.0 GB is available');
    expect(r.stderr).not.toMatch(/training .* parameters/);
    expect(r.stderr).not.toContain('    at ');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('by the API: startTraining rejects with MODEL_TOO_LARGE and no run starts', async () => {
    const t = makeBackend({ availableMemory: () => 4 * GiB });
    try {
      await expect(t.backend.startTraining(hugeConvNet())).rejects.toMatchObject({ code: 'MODEL_TOO_LARGE', message: expect.stringMatching(/needs about [\d.]+ GB/) });
      expect(t.trainer.starts).toBe(0);
      await t.backend.startTraining(template('mnist-mlp'), { steps: 1 });
      expect(t.trainer.starts).toBe(1);
    } finally {
      await t.cleanup();
    }
  });
});
