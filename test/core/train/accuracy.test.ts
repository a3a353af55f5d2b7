/**
 * End to end on real MNIST: the MLP template trained for one epoch with Adam reaches the
 * accuracy PyTorch gets with the same recipe (≥ 95% on the 10,000 test images). Seeded and
 * deterministic, so the threshold is not flaky.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 120_000);

it('MLP template, --optimizer adam --lr 0.001 --epochs 1: ≥ 95% test accuracy on MNIST', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin/wiregrad.js'), 'train', path.join(root, 'assets/templates/mnist-mlp.wiregrad.json'), '--optimizer', 'adam', '--lr', '0.001', '--epochs', '1', '--json'],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const summary = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .find((l) => l.kind === 'summary');
  expect(summary).toMatchObject({ reason: 'completed', epochs: 1 });
  expect(summary.steps).toBe(938); // ceil(60000 / 64)
  expect(summary.test_accuracy).toBeGreaterThanOrEqual(0.95);
  expect(summary.test_loss).toBeLessThan(0.2);
}, 60_000);
