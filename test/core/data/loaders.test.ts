import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../../core/data/loaders';

const req = (sampleShape: number[], seed = 0) => ({ sampleShape, target: { kind: 'class' as const }, seed });

/** A CIFAR-10 binary file of `n` records: label byte, then 3072 pixel bytes (R, G, B planes). */
function cifarFile(file: string, n: number, label: (i: number) => number): void {
  const rec = 1 + 3 * 32 * 32;
  const buf = new Uint8Array(n * rec);
  for (let i = 0; i < n; i++) {
    buf[i * rec] = label(i);
    buf.fill(i % 256, i * rec + 1, (i + 1) * rec);
  }
  fs.writeFileSync(file, buf);
}

describe('resolveDataset', () => {
  it('reads a CIFAR-10 binary folder: five training batches and the test batch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-cifar-'));
    for (let b = 1; b <= 5; b++) cifarFile(path.join(dir, `data_batch_${b}.bin`), 4, (i) => (b + i) % 10);
    cifarFile(path.join(dir, 'test_batch.bin'), 3, (i) => i);
    const data = await resolveDataset({ kind: 'cifar10', dir }, req([3, 32, 32]));
    expect(data.train.count).toBe(20);
    expect(data.train.sampleShape).toEqual([3, 32, 32]);
    expect(Array.from(data.test!.labels)).toEqual([0, 1, 2]);
    expect(data.train.labels[4]).toBe(2); // first record of data_batch_2
  });

  it('names the folder and the expected files when none are there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-empty-'));
    await expect(resolveDataset({ kind: 'cifar10', dir }, req([3, 32, 32]))).rejects.toThrow(/data_batch_1\.bin/);
  });

  it('makes random data of the model input shape', async () => {
    const data = await resolveDataset({ kind: 'random', samples: 50, classes: 3 }, req([2, 4, 4], 7));
    expect(data.train.sampleShape).toEqual([2, 4, 4]);
    expect(data.train.count).toBe(50);
    expect(Math.max(...data.train.labels)).toBeLessThan(3);
  });
});
