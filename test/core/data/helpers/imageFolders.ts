/** Writes real image-folder datasets for tests: MNIST digits as PNG files, one folder per class. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { loadMnist } from '../../../../core/data/dataset';

/** `dir/<split>/<digit>/<index>.png` for the first `counts[split]` samples of each MNIST split. */
export async function writeMnistPngFolders(dir: string, counts: { train: number; test: number }, concurrency = 4): Promise<void> {
  for (const split of ['train', 'test'] as const) {
    const ds = loadMnist(split);
    const jobs: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < counts[split]; i++) {
      const folder = path.join(dir, split, String(ds.labels[i]));
      fs.mkdirSync(folder, { recursive: true });
      const px = ds.images.subarray(i * 784, (i + 1) * 784) as Uint8Array;
      jobs.push(() => sharp(Buffer.from(px), { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(folder, `${String(i).padStart(5, '0')}.png`)));
    }
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }));
  }
}

/** A flat class folder of solid-colour RGB images (class = colour), for shape and split tests. */
export async function writeColourFolders(dir: string, perClass: Record<string, { count: number; rgb: [number, number, number]; size?: [number, number]; ext?: string }>): Promise<void> {
  for (const [name, c] of Object.entries(perClass)) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    const [w, h] = c.size ?? [8, 6];
    for (let i = 0; i < c.count; i++) {
      const img = sharp({ create: { width: w, height: h, channels: 3, background: { r: c.rgb[0], g: c.rgb[1], b: c.rgb[2] } } });
      const ext = c.ext ?? 'png';
      await (ext === 'jpg' ? img.jpeg({ quality: 100 }) : ext === 'webp' ? img.webp({ lossless: true }) : img.png()).toFile(path.join(dir, name, `${i}.${ext}`));
    }
  }
}
