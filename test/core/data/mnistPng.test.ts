/**
 * Must-show (bounded version; the full 60k run is `npm run bench -- --data mnist-png`): LeNet
 * trained from MNIST digits written as PNG class folders reaches the accuracy it reaches
 * from IDX files of the same digits in the same order, with the same seed. PNG is lossless
 * and the folder order is class then file name, so the two runs see identical batches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadMnist } from '../../../core/data/dataset';
import { writeIdx } from '../../../core/data/idx';
import { parseDocument } from '../../../core/graph/parse';
import type { DatasetSpec } from '../../../core/data/kinds/index';
import { startTrainingRun } from '../../../core/train/host';
import { writeMnistPngFolders } from './helpers/imageFolders';

const root = path.resolve(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-mnistpng-'));
const COUNTS = { train: 3000, test: 1000 };

beforeAll(async () => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  process.env.WIREGRAD_CACHE_DIR = path.join(tmp, 'cache');
  await writeMnistPngFolders(path.join(tmp, 'png'), COUNTS);
  // IDX files holding the same digits in folder order (by class, then MNIST index).
  for (const split of ['train', 'test'] as const) {
    const ds = loadMnist(split);
    const order = Array.from({ length: COUNTS[split] }, (_, i) => i).sort((a, b) => ds.labels[a] - ds.labels[b] || a - b);
    const px = new Uint8Array(order.length * 784);
    order.forEach((i, k) => px.set(ds.images.subarray(i * 784, (i + 1) * 784), k * 784));
    fs.writeFileSync(path.join(tmp, `${split}-images`), writeIdx([order.length, 28, 28], 'ubyte', px));
    fs.writeFileSync(path.join(tmp, `${split}-labels`), writeIdx([order.length], 'ubyte', order.map((i) => ds.labels[i])));
  }
}, 120_000);

afterAll(() => {
  delete process.env.WIREGRAD_CACHE_DIR;
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function accuracy(dataset: DatasetSpec): Promise<number> {
  const base = parseDocument(fs.readFileSync(path.join(root, 'assets/templates/mnist-lenet.wiregrad.json'), 'utf8'));
  const doc = { ...base, training: { ...base.training, dataset, epochs: 1, normalize: { mean: [0.1307], std: [0.3081] } } };
  const run = startTrainingRun(doc, { onEvent: () => {} });
  return (await run.finished).done.test_accuracy!;
}

it('LeNet from PNG class folders matches LeNet from the IDX files of the same digits (within 0.3 points)', async () => {
  const png = await accuracy({ kind: 'images', dir: path.join(tmp, 'png') });
  const idx = await accuracy({ kind: 'idx', trainImages: path.join(tmp, 'train-images'), trainLabels: path.join(tmp, 'train-labels'), testImages: path.join(tmp, 'test-images'), testLabels: path.join(tmp, 'test-labels') });
  expect(idx).toBeGreaterThan(0.7); // it learned (about 80% after one epoch on 3000 digits)
  expect(Math.abs(png - idx) * 100).toBeLessThanOrEqual(0.3);
  process.stdout.write(`LeNet 1 epoch on ${COUNTS.train} digits: PNG folders ${(png * 100).toFixed(2)}%, IDX ${(idx * 100).toFixed(2)}%\n`);
}, 120_000);
