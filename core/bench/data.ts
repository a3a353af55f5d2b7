/**
 * Data benchmarks (`npm run bench -- --data images` / `--data mnist-png`):
 * - images: a 64×64 RGB image-folder dataset of N images (default 20,000): cold decode into
 *   the decode cache, warm reload, then LeNet-sized training from it with prefetching,
 *   reporting per-epoch samples/s and how long steps waited for data, against the same run
 *   on a preloaded in-memory tensor of the same shape and count.
 * - mnist-png: all of MNIST written as PNG class folders, LeNet trained for one epoch from
 *   them and from the IDX files with the same seed: the two test accuracies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDocument } from '../check/check';
import { resolveDataset } from '../data/loaders';
import { loadMnist } from '../data/dataset';
import type { ProjectDocument } from '../graph/document';
import { train } from '../train/trainer';
import type { EpochEvent, TrainEvent } from '../train/events';
import { dataRequest } from '../data/request';
import { pool } from '../data/decodeCache';
import { loadBenchModel } from './models';
import { writeSyntheticImageFolder } from './syntheticImages';

/** LeNet widened to 3×size×size input (same layers as the template). */
export function lenetFor(size: number, channels = 3): ProjectDocument {
  const doc = loadBenchModel('lenet');
  const spatial = Math.floor((Math.floor(size / 2) - 4) / 2);
  doc.nodes = doc.nodes.map((n) => {
    if (n.id === 'input') return { ...n, params: { ...n.params, shape: [channels, size, size] } };
    if (n.id === 'conv1') return { ...n, params: { ...n.params, in_channels: channels } };
    if (n.id === 'fc1') return { ...n, params: { ...n.params, in_features: 16 * spatial * spatial } };
    return n;
  });
  return doc;
}

async function run(doc: ProjectDocument, prefetch: boolean): Promise<EpochEvent[]> {
  const epochs: EpochEvent[] = [];
  await train(doc, { prefetch, evaluateEachEpoch: false, onEvent: (e: TrainEvent) => e.kind === 'epoch' && epochs.push(e) });
  return epochs;
}

export async function benchImageFolder(count: number, size: number, epochs: number, log: (s: string) => void): Promise<Record<string, unknown>> {
  const dir = path.join(os.tmpdir(), `wiregrad-bench-images-${count}-${size}`);
  let t = performance.now();
  await writeSyntheticImageFolder(dir, count, size);
  log(`  dataset: ${count} PNGs of ${size}×${size} RGB in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s to write or find)`);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-bench-cache-'));
  process.env.WIREGRAD_CACHE_DIR = cache;
  const doc = lenetFor(size);
  doc.training = { ...doc.training, dataset: { kind: 'images', dir, testSplit: 0 }, epochs, batch_size: 64 };
  const req = dataRequest(doc, checkDocument(doc));
  t = performance.now();
  await resolveDataset(doc.training.dataset, req);
  const coldS = (performance.now() - t) / 1000;
  t = performance.now();
  await resolveDataset(doc.training.dataset, req);
  const warmS = (performance.now() - t) / 1000;
  log(`  decode (cold cache): ${coldS.toFixed(1)} s = ${Math.round(count / coldS)} images/s; reload from the decode cache: ${warmS.toFixed(2)} s`);
  const folder = await run(doc, true);
  for (const e of folder) log(`  image folder, prefetch: epoch ${e.epoch}: ${Math.round(e.samples_per_s)} samples/s, steps waited ${(e.data_wait_s ?? 0).toFixed(2)} s for data`);
  const pre = { ...doc, training: { ...doc.training, dataset: { kind: 'random' as const, samples: count, classes: 10 } } };
  const preloaded = await run(pre, false);
  for (const e of preloaded) log(`  preloaded tensor (in memory, no worker): epoch ${e.epoch}: ${Math.round(e.samples_per_s)} samples/s`);
  fs.rmSync(cache, { recursive: true, force: true });
  const after1 = folder.slice(1);
  return {
    bench: 'image-folder', images: count, size, decode_cold_s: coldS, decode_images_per_s: count / coldS, reload_s: warmS,
    folder_samples_per_s: folder.map((e) => e.samples_per_s), folder_wait_s: folder.map((e) => e.data_wait_s ?? 0),
    preloaded_samples_per_s: preloaded.map((e) => e.samples_per_s),
    wait_after_first_epoch_s: after1.reduce((a, e) => a + (e.data_wait_s ?? 0), 0),
  };
}

export async function benchMnistPng(log: (s: string) => void): Promise<Record<string, unknown>> {
  const dir = path.join(os.tmpdir(), 'wiregrad-bench-mnist-png');
  const marker = path.join(dir, '.complete');
  let t = performance.now();
  if (!fs.existsSync(marker)) {
    const sharp = (await import('sharp')).default;
    for (const split of ['train', 'test'] as const) {
      const ds = loadMnist(split);
      for (let c = 0; c < 10; c++) fs.mkdirSync(path.join(dir, split, String(c)), { recursive: true });
      await pool(Array.from({ length: ds.count }, (_, i) => i), 4, (i) =>
        sharp(Buffer.from(ds.images.subarray(i * 784, (i + 1) * 784)), { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(dir, split, String(ds.labels[i]), `${String(i).padStart(5, '0')}.png`)).then(() => undefined),
      );
    }
    fs.writeFileSync(marker, '');
  }
  log(`  MNIST as 70,000 PNGs in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s to write or find)`);
  process.env.WIREGRAD_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-bench-cache-'));
  const base = loadBenchModel('lenet');
  const mnistNorm = { mean: [0.1307], std: [0.3081] };
  const result = async (dataset: ProjectDocument['training']['dataset']) => {
    let acc = 0;
    t = performance.now();
    await train({ ...base, training: { ...base.training, dataset, normalize: mnistNorm, epochs: 1 } }, { onEvent: (e) => e.kind === 'done' && (acc = e.test_accuracy ?? 0) });
    return { acc, s: (performance.now() - t) / 1000 };
  };
  const png = await result({ kind: 'images', dir });
  const idx = await result({ kind: 'mnist' });
  log(`  LeNet, 1 epoch, seed 0: PNG folders ${(png.acc * 100).toFixed(2)}% (${png.s.toFixed(1)} s incl. decoding), IDX ${(idx.acc * 100).toFixed(2)}% (${idx.s.toFixed(1)} s): difference ${((png.acc - idx.acc) * 100).toFixed(2)} points`);
  return { bench: 'mnist-png', png_test_accuracy: png.acc, idx_test_accuracy: idx.acc, difference_points: (png.acc - idx.acc) * 100 };
}
