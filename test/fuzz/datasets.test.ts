/**
 * Seeded mutation fuzzing of every dataset reader (IDX, gzip IDX, CIFAR-10, CSV, image files):
 * each mutant either loads or is refused with a DataError naming the file, never a crash,
 * a hang, an unnamed error or unbounded memory. Bounded: a few seconds in all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { encode as encodeBmp } from 'bmp-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../core/data/errors';
import { writeIdx } from '../../core/data/idx';
import { resolveDataset } from '../../core/data/loaders';
import type { DatasetSpec } from '../../core/data/kinds/index';
import { fuzz } from './mutate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-fuzz-'));
const counts: Record<string, { loaded: number; refused: number }> = {};

beforeAll(() => {
  process.env.WIREGRAD_CACHE_DIR = path.join(tmp, 'cache');
});
afterAll(() => {
  delete process.env.WIREGRAD_CACHE_DIR;
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`dataset fuzzing: ${Object.entries(counts).map(([k, c]) => `${k} ${c.loaded} loaded / ${c.refused} refused`).join('; ')}\n`);
});

/** Loads a spec; success or a DataError that names `file` are the only allowed outcomes. */
async function attempt(name: string, spec: DatasetSpec, sampleShape: number[], file: string): Promise<void> {
  const c = (counts[name] ??= { loaded: 0, refused: 0 });
  const rss = process.memoryUsage().rss;
  try {
    const d = await resolveDataset(spec, { sampleShape, target: { kind: 'class' }, seed: 0 });
    expect(d.train.count).toBeGreaterThan(0);
    c.loaded++;
  } catch (e) {
    if (!(e instanceof DataError)) throw new Error(`not a DataError: ${(e as Error).stack}`);
    expect(e.message).toContain(path.basename(file));
    c.refused++;
  }
  expect(process.memoryUsage().rss - rss).toBeLessThan(512 << 20);
}

describe('dataset readers under mutation', () => {
  it('IDX and gzip IDX (images and labels)', async () => {
    const images = writeIdx([6, 4, 4], 'ubyte', Array.from({ length: 96 }, (_, i) => i));
    const labels = writeIdx([6], 'ubyte', [0, 1, 2, 0, 1, 2]);
    const labelsFile = path.join(tmp, 'labels-idx1-ubyte');
    fs.writeFileSync(labelsFile, labels);
    for (const [name, bytes] of [['idx', images], ['idx.gz', gzipSync(images)]] as const) {
      await fuzz(bytes, 150, name.length, async (m, i) => {
        const f = path.join(tmp, `m${i}-${name.replace('.', '-')}`);
        fs.writeFileSync(f, m);
        await attempt(name, { kind: 'idx', trainImages: f, trainLabels: labelsFile }, [1, 4, 4], f);
        fs.rmSync(f);
      });
    }
    await fuzz(labels, 100, 3, async (m, i) => {
      const img = path.join(tmp, 'images-idx3-ubyte');
      fs.writeFileSync(img, images);
      const f = path.join(tmp, `m${i}-labels`);
      fs.writeFileSync(f, m);
      try {
        await resolveDataset({ kind: 'idx', trainImages: img, trainLabels: f }, { sampleShape: [1, 4, 4], target: { kind: 'class' }, seed: 0 });
        (counts['idx labels'] ??= { loaded: 0, refused: 0 }).loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        (counts['idx labels'] ??= { loaded: 0, refused: 0 }).refused++;
      }
    });
  });

  it('CIFAR-10 binary batches', async () => {
    const rec = Uint8Array.from({ length: 3 * 3073 }, (_, i) => (i % 3073 === 0 ? 3 : i % 256));
    await fuzz(rec, 60, 4, async (m, i) => {
      const dir = path.join(tmp, `cifar${i}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'data_batch_1.bin'), m);
      await attempt('cifar10', { kind: 'cifar10', dir }, [3, 32, 32], 'data_batch_1.bin');
      fs.rmSync(dir, { recursive: true });
    });
  });

  it('CSV tables', async () => {
    const text = new TextEncoder().encode('a,b,c,label\n1,2.5,3,cat\n4,5,6e2,dog\n"7",8,9,cat\n0,0,0,bird\n');
    await fuzz(text, 200, 5, async (m, i) => {
      const f = path.join(tmp, `m${i}.csv`);
      fs.writeFileSync(f, m);
      await attempt('csv', { kind: 'csv', file: f, testSplit: 0 }, [3], f);
      fs.rmSync(f);
    });
  });

  it('image files (PNG, JPEG, WebP, BMP) in class folders', async () => {
    const px = Buffer.from(Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 29) % 256));
    const raw = { raw: { width: 8, height: 8, channels: 3 as const } };
    const seeds: Record<string, Uint8Array> = {
      png: await sharp(px, raw).png().toBuffer(),
      jpg: await sharp(px, raw).jpeg().toBuffer(),
      webp: await sharp(px, raw).webp().toBuffer(),
      bmp: encodeBmp({ data: Buffer.from(Uint8Array.from({ length: 8 * 8 * 4 }, (_, i) => (i * 13) % 256)), width: 8, height: 8 }).data,
    };
    for (const [ext, bytes] of Object.entries(seeds)) {
      await fuzz(bytes, 25, ext.length + 10, async (m, i) => {
        const dir = path.join(tmp, `img-${ext}-${i}`);
        fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
        fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
        const bad = path.join(dir, 'a', `x.${ext}`);
        fs.writeFileSync(bad, m);
        fs.writeFileSync(path.join(dir, 'b', `ok.${ext}`), bytes);
        // The good image always loads; the mutant either decodes or is a warning naming its path.
        const d = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, { sampleShape: [3, 4, 4], target: { kind: 'class' }, seed: 0 });
        const c = (counts[ext] ??= { loaded: 0, refused: 0 });
        if (d.train.count === 2) c.loaded++;
        else {
          expect(d.train.count).toBe(1);
          expect(d.warnings.some((w) => w.file === bad)).toBe(true);
          c.refused++;
        }
        fs.rmSync(dir, { recursive: true });
      });
    }
  });
});
