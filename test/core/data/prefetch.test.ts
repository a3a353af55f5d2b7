/** The data worker gives exactly the batches of the in-thread loader, epoch after epoch. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomDataset } from '../../../core/data/dataset';
import { BatchLoader, splitTrainValidation } from '../../../core/data/loader';
import { PrefetchLoader } from '../../../core/data/prefetch';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'dist', 'data-worker.cjs');

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 120_000);

async function batches(iter: AsyncIterable<{ x: Float32Array; y: BigInt64Array | Float32Array; size: number; indices: Int32Array }> | Iterable<{ x: Float32Array; y: BigInt64Array | Float32Array; size: number; indices: Int32Array }>, limit = Infinity) {
  const out: { x: number[]; y: string; idx: number[] }[] = [];
  for await (const b of iter) {
    out.push({ x: Array.from(b.x), y: Array.from(b.y as BigInt64Array).join(), idx: Array.from(b.indices) });
    if (out.length >= limit) break;
  }
  return out;
}

describe('PrefetchLoader', () => {
  it('matches BatchLoader batch for batch over epochs, with augmentation, a short last batch and a restart mid-epoch', async () => {
    const ds = randomDataset(103, [1, 6, 6], 4, 3);
    const { train } = splitTrainValidation(ds, 0.1);
    const opts = { shuffle: true, seed: 11, normalize: { mean: [0.5], std: [0.25] }, augment: { hflip: 0.5, rotation: 20, random_crop: { padding: 2 }, random_erasing: { p: 0.5, scale: [0.02, 0.33] as [number, number], ratio: [0.3, 3.3] as [number, number], value: 0 } } };
    const plain = new BatchLoader(train, 10, opts);
    const pre = new PrefetchLoader(train, 10, opts, script);
    try {
      for (const e of [0, 1, 2]) expect(await batches(pre.epoch(e))).toEqual(await batches(plain.epoch(e)));
      // Leave epoch 3 after two batches, then ask for epoch 5: the worker restarts there.
      expect(await batches(pre.epoch(3), 2)).toEqual(await batches(plain.epoch(3), 2));
      expect(await batches(pre.epoch(5))).toEqual(await batches(plain.epoch(5)));
      expect(pre.waitMs).toHaveLength(6);
    } finally {
      pre.close();
    }
  });

  it('carries float targets', async () => {
    const ds = { ...randomDataset(9, [3], 1, 0), targets: Float32Array.from({ length: 9 }, (_, i) => i / 2), targetShape: [1] };
    const pre = new PrefetchLoader(ds, 4, { shuffle: false, seed: 0 }, script);
    try {
      const b = await batches(pre.epoch(0));
      expect(b.map((x) => x.y)).toEqual(['0,0.5,1,1.5', '2,2.5,3,3.5', '4']);
    } finally {
      pre.close();
    }
  });
});
