/**
 * Mutated dataset files through every dataset reader (IDX, gzip IDX, IDX labels, CIFAR-10,
 * CSV, PNG/JPEG/WebP/BMP in class folders), with the suite's fuzz harness: each case loads or
 * is refused with a DataError that names the file; never a crash, a hang, an engine error or
 * growing memory. An image that does not decode is a warning naming its path, not an error.
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
import { clearError, fuzz, summary } from './harness';
import { mutateBytes, mutateText } from './mutators';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-fuzz-data-'));
const req = (sampleShape: number[]) => ({ sampleShape, target: { kind: 'class' as const }, seed: 0 });
const OPTS = { runs: 150, budgetMs: 6_000, caseTimeoutMs: 5_000, maxRssGrowthMb: 256 };

beforeAll(() => {
  process.env.WIREGRAD_CACHE_DIR = path.join(tmp, 'cache');
});
afterAll(() => {
  delete process.env.WIREGRAD_CACHE_DIR;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A DataError whose message names the file it is about (the harness's clear-error rule, plus that). */
const namesFile = (file: string) => (e: unknown) => e instanceof DataError && clearError(e) && e.message.includes(file);

/** Writes the mutant to `file` and loads `spec`; the file is left for the next case to overwrite. */
function loadWith(file: string, spec: DatasetSpec, sampleShape: number[]) {
  return async (bytes: Uint8Array) => {
    fs.writeFileSync(file, bytes);
    const d = await resolveDataset(spec, req(sampleShape));
    expect(d.train.count).toBeGreaterThan(0);
  };
}

describe('dataset readers under mutation', () => {
  it('IDX images, gzip IDX images and IDX labels', async () => {
    const images = writeIdx([6, 4, 4], 'ubyte', Array.from({ length: 96 }, (_, i) => i));
    const labels = writeIdx([6], 'ubyte', [0, 1, 2, 0, 1, 2]);
    const imgFile = path.join(tmp, 'fuzz-images-idx3-ubyte');
    const gzFile = path.join(tmp, 'fuzz-images-idx3-ubyte.gz');
    const labFile = path.join(tmp, 'fuzz-labels-idx1-ubyte');
    const goodImages = path.join(tmp, 'good-images');
    const goodLabels = path.join(tmp, 'good-labels');
    fs.writeFileSync(goodImages, images);
    fs.writeFileSync(goodLabels, labels);
    const targets = [
      { name: 'idx-images', seed: images, file: imgFile, spec: { kind: 'idx', trainImages: imgFile, trainLabels: goodLabels } as DatasetSpec },
      { name: 'idx-gzip', seed: gzipSync(images), file: gzFile, spec: { kind: 'idx', trainImages: gzFile, trainLabels: goodLabels } as DatasetSpec },
      { name: 'idx-labels', seed: labels, file: labFile, spec: { kind: 'idx', trainImages: goodImages, trainLabels: labFile } as DatasetSpec },
    ];
    for (const [k, t] of targets.entries()) {
      const r = await fuzz({ name: t.name, seeds: [t.seed], mutate: mutateBytes, run: loadWith(t.file, t.spec, [1, 4, 4]), isClear: namesFile(path.basename(t.file)) }, { ...OPTS, seed: 7301 + k });
      console.log(summary(r));
      expect(r.failures).toEqual([]);
      expect(r.runs).toBeGreaterThan(20);
    }
  });

  it('CIFAR-10 binary batches', async () => {
    const dir = path.join(tmp, 'cifar');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'data_batch_1.bin');
    const seed = Uint8Array.from({ length: 3 * 3073 }, (_, i) => (i % 3073 === 0 ? 3 : i % 256));
    const r = await fuzz({ name: 'cifar10', seeds: [seed], mutate: mutateBytes, run: loadWith(file, { kind: 'cifar10', dir }, [3, 32, 32]), isClear: namesFile('data_batch_1.bin') }, { ...OPTS, seed: 7311 });
    console.log(summary(r));
    expect(r.failures).toEqual([]);
  });

  it('CSV tables', async () => {
    const file = path.join(tmp, 'fuzz.csv');
    const seed = 'a,b,c,label\n1,2.5,3,cat\n4,5,6e2,dog\n"7",8,9,cat\n0,0,0,bird\n';
    const run = async (text: string) => loadWith(file, { kind: 'csv', file, testSplit: 0 }, [3])(new TextEncoder().encode(text));
    const r = await fuzz({ name: 'csv', seeds: [seed], mutate: mutateText, run, isClear: namesFile('fuzz.csv') }, { ...OPTS, seed: 7321 });
    console.log(summary(r));
    expect(r.failures).toEqual([]);
  });

  it('image files in class folders (PNG, JPEG, WebP, BMP)', async () => {
    const px = Buffer.from(Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 29) % 256));
    const raw = { raw: { width: 8, height: 8, channels: 3 as const } };
    const seeds: Record<string, Uint8Array> = {
      png: await sharp(px, raw).png().toBuffer(),
      jpg: await sharp(px, raw).jpeg().toBuffer(),
      webp: await sharp(px, raw).webp().toBuffer(),
      bmp: encodeBmp({ data: Buffer.from(Uint8Array.from({ length: 8 * 8 * 4 }, (_, i) => (i * 13) % 256)), width: 8, height: 8 }).data,
    };
    for (const [k, [ext, bytes]] of Object.entries(seeds).entries()) {
      const dir = path.join(tmp, `img-${ext}`);
      fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'b', `ok.${ext}`), bytes);
      const bad = path.join(dir, 'a', `x.${ext}`);
      const run = async (m: Uint8Array) => {
        fs.writeFileSync(bad, m);
        const d = await resolveDataset({ kind: 'images', dir, testSplit: 0 }, req([3, 4, 4]));
        // The good image always loads; the mutant decodes, or is a warning that names its path.
        if (d.train.count !== 2) {
          expect(d.train.count).toBe(1);
          expect(d.warnings.some((w) => w.file === bad)).toBe(true);
        }
      };
      const r = await fuzz({ name: `image-${ext}`, seeds: [bytes], mutate: mutateBytes, run }, { ...OPTS, runs: 40, budgetMs: 3_000, seed: 7331 + k });
      console.log(summary(r));
      expect(r.failures).toEqual([]);
    }
  });
});
