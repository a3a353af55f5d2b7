/** Image folders: class names, splits, decoding with sharp, the decode cache, warnings. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../../core/data/dataset';
import { resolveDataset } from '../../../core/data/loaders';
import { BatchLoader } from '../../../core/data/loader';
import { writeColourFolders, writeMnistPngFolders } from './helpers/imageFolders';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-imgs-'));
const cls = (sampleShape: number[]) => ({ sampleShape, target: { kind: 'class' as const }, seed: 0 });

beforeAll(() => {
  process.env.WIREGRAD_CACHE_DIR = path.join(tmp, 'cache');
});
afterAll(() => {
  delete process.env.WIREGRAD_CACHE_DIR;
  delete process.env.WIREGRAD_DATA_MEMORY;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('image folders', () => {
  it('decodes MNIST written as PNG class folders to exactly the IDX pixels, with class names', async () => {
    const dir = path.join(tmp, 'mnist');
    await writeMnistPngFolders(dir, { train: 60, test: 20 });
    const data = await resolveDataset({ kind: 'images', dir }, cls([1, 28, 28]));
    expect(data.train.count).toBe(60);
    expect(data.test!.count).toBe(20);
    expect(data.train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const mnist = loadMnist('train');
    // Folder order is class, then file name (= MNIST index): find each sample's MNIST twin.
    const files = fs.readdirSync(path.join(dir, 'train', '5')).sort();
    const first5 = Number(files[0].slice(0, 5));
    const k = Array.from(data.train.labels).indexOf(5);
    expect(Array.from(data.train.images.subarray(k * 784, (k + 1) * 784))).toEqual(Array.from(mnist.images.subarray(first5 * 784, (first5 + 1) * 784)));
    expect(data.train.labels[k]).toBe(mnist.labels[first5]);
  });

  it('splits a flat class folder by a stratified, seed-independent fraction; resizes, centre-crops, converts colour', async () => {
    const dir = path.join(tmp, 'colours');
    await writeColourFolders(dir, {
      red: { count: 10, rgb: [255, 0, 0], size: [12, 6] },
      green: { count: 10, rgb: [0, 255, 0], ext: 'jpg' },
      blue: { count: 5, rgb: [0, 0, 255], ext: 'webp' },
    });
    fs.writeFileSync(path.join(dir, 'red', 'notes.txt'), 'not an image');
    const data = await resolveDataset({ kind: 'images', dir, testSplit: 0.2 }, cls([3, 4, 4]));
    expect(data.train.classNames).toEqual(['blue', 'green', 'red']);
    expect(data.train.count + data.test!.count).toBe(25);
    expect(data.test!.count).toBe(5); // 2 + 2 + 1, per class
    expect(data.train.sampleShape).toEqual([3, 4, 4]);
    const red = Array.from(data.train.labels).indexOf(2);
    expect(Array.from(data.train.images.subarray(red * 48, red * 48 + 16)).every((v) => v === 255)).toBe(true);
    expect(data.warnings.map((w) => w.message).join('\n')).toMatch(/not PNG, JPEG, WebP or BMP.*notes\.txt/);
    expect(data.warnings.map((w) => w.message).join('\n')).not.toMatch(/imbalanced/);
    // Greyscale by PIL's luma: pure red -> 76.
    const grey = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([1, 2, 2]));
    const r = Array.from(grey.train.labels).indexOf(2);
    expect(grey.train.images[r * 4]).toBe(76);
    expect(grey.test).toBeUndefined();
  });

  it('names unreadable files and empty classes, and refuses a folder without images', async () => {
    const dir = path.join(tmp, 'broken');
    await writeColourFolders(dir, { ok: { count: 4, rgb: [9, 9, 9] }, rare: { count: 1, rgb: [1, 1, 1] } });
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(path.join(dir, 'ok', 'bad.png'), 'not a png at all');
    const data = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([3, 2, 2]));
    expect(data.train.count).toBe(5);
    const text = data.warnings.map((w) => `${w.message} @ ${w.file}`).join('\n');
    expect(text).toContain(path.join(dir, 'ok', 'bad.png'));
    expect(text).toMatch(/class "empty" has no images/);
    expect(text).toMatch(/imbalanced: "ok" has 4 training samples, "rare" only 1/);
    const none = path.join(tmp, 'none');
    fs.mkdirSync(path.join(none, 'a'), { recursive: true });
    await expect(resolveDataset({ kind: 'images', dir: none }, cls([3, 2, 2]))).rejects.toThrow(new RegExp(`${none}: no images found`));
    await expect(resolveDataset({ kind: 'images', dir: path.join(tmp, 'missing') }, cls([3, 2, 2]))).rejects.toThrow(/folder not found/);
    await expect(resolveDataset({ kind: 'images', dir }, cls([2, 4, 4]))).rejects.toThrow(/1 \(grey\) or 3 \(RGB\) channels/);
  });

  it('decodes once: a second load reads the cache; a changed file is decoded again, alone', async () => {
    const dir = path.join(tmp, 'cached');
    await writeColourFolders(dir, { a: { count: 4, rgb: [10, 20, 30] }, b: { count: 4, rgb: [200, 100, 0] } });
    const first = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([3, 2, 2]));
    const t = performance.now();
    const again = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([3, 2, 2]));
    expect(performance.now() - t).toBeLessThan(1000);
    expect(Array.from(again.train.images)).toEqual(Array.from(first.train.images));
    // Overwrite one image with another colour (size changes too): only its sample changes.
    await sharp({ create: { width: 3, height: 3, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toFile(path.join(dir, 'a', '0.png'));
    const changed = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([3, 2, 2]));
    expect(Array.from(changed.train.images.subarray(0, 12))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
    expect(Array.from(changed.train.images.subarray(12))).toEqual(Array.from(first.train.images.subarray(12)));
  });

  it('streams the right samples when some images did not decode', async () => {
    const dir = path.join(tmp, 'holes');
    await writeColourFolders(dir, { a: { count: 3, rgb: [10, 10, 10] }, b: { count: 3, rgb: [200, 200, 200] } });
    fs.writeFileSync(path.join(dir, 'a', '1.png'), 'broken');
    const mem = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([1, 2, 2]));
    process.env.WIREGRAD_DATA_MEMORY = '4';
    try {
      const streamed = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, cls([1, 2, 2]));
      expect(streamed.train.count).toBe(5);
      const got = Array.from({ length: 5 }, (_, i) => {
        const buf = new Uint8Array(4);
        streamed.train.stream!.read(i, buf, 0);
        return buf[0];
      });
      expect(got).toEqual(Array.from({ length: 5 }, (_, i) => mem.train.images[i * 4]));
      expect(got).toEqual([10, 10, 200, 200, 200]);
    } finally {
      delete process.env.WIREGRAD_DATA_MEMORY;
    }
  });

  it('streams from the decode cache when the data is larger than the memory budget', async () => {
    const dir = path.join(tmp, 'mnist');
    const inMemory = await resolveDataset({ kind: 'images', dir }, cls([1, 28, 28]));
    process.env.WIREGRAD_DATA_MEMORY = '1000';
    try {
      const streamed = await resolveDataset({ kind: 'images', dir }, cls([1, 28, 28]));
      expect(streamed.train.stream).toBeDefined();
      expect(streamed.train.images.length).toBe(0);
      const buf = new Uint8Array(784);
      streamed.train.stream!.read(7, buf, 0);
      expect(Array.from(buf)).toEqual(Array.from(inMemory.train.images.subarray(7 * 784, 8 * 784)));
      // The loader reads streamed samples into its own buffer: same batches as from memory.
      const opts = { shuffle: true, seed: 3, normalize: null, augment: { hflip: 0.5, rotation: 10 } };
      const a = [...new BatchLoader(streamed.train, 16, { ...opts, reuseBuffers: false }).epoch(1)].map((b) => Array.from(b.x));
      const b = [...new BatchLoader(inMemory.train, 16, { ...opts, reuseBuffers: false }).epoch(1)].map((b) => Array.from(b.x));
      expect(a).toEqual(b);
    } finally {
      delete process.env.WIREGRAD_DATA_MEMORY;
    }
  });
});
