/**
 * The dataset-kind registry is the only list of kinds: every registered kind validates,
 * loads, shows samples through the real getSamples, and refuses empty data naming the file.
 * Adding a kind adds it to these tests (FIXTURES must then say how to make one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../core/api/backend';
import { coreDeps } from '../../../core/api/coreDeps';
import { DatasetCache } from '../../../core/data/cache';
import { writeIdx } from '../../../core/data/idx';
import { DATASET_KINDS, DATASET_KIND_NAMES, validateDatasetSpec, type DatasetKind, type DatasetSpec } from '../../../core/data/kinds/index';
import { resolveDataset } from '../../../core/data/loaders';
import { validateTraining } from '../../../core/graph/trainingConfig';
import { writeColourFolders } from './helpers/imageFolders';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-kinds-'));
const FIX = path.join(__dirname, '../../fixtures/data');

function cifarDir(name: string, trainRecords: number, testRecords: number | null): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const rec = (n: number) => Uint8Array.from({ length: n * 3073 }, (_, i) => (i % 3073 === 0 ? (i / 3073) % 10 : i % 251));
  for (let b = 1; b <= 5; b++) fs.writeFileSync(path.join(dir, `data_batch_${b}.bin`), rec(trainRecords));
  if (testRecords !== null) fs.writeFileSync(path.join(dir, 'test_batch.bin'), rec(testRecords));
  return dir;
}

/** A small usable dataset of every kind, with the Input shape a model would have. */
const FIXTURES: Record<DatasetKind, () => Promise<{ spec: DatasetSpec; inputShape: number[] }>> = {
  mnist: async () => ({ spec: { kind: 'mnist' }, inputShape: [1, 28, 28] }),
  idx: async () => ({ spec: { kind: 'idx', trainImages: path.join(FIX, 'tiny-images-idx3-ubyte'), trainLabels: path.join(FIX, 'tiny-labels-idx1-ubyte'), testImages: path.join(FIX, 'tiny-images-idx3-ubyte.gz'), testLabels: path.join(FIX, 'tiny-labels-idx1-ubyte.gz') }, inputShape: [1, 2, 3] }),
  cifar10: async () => ({ spec: { kind: 'cifar10', dir: cifarDir('cifar', 2, 3) }, inputShape: [3, 32, 32] }),
  images: async () => {
    const dir = path.join(tmp, 'imgs');
    await writeColourFolders(dir, { a: { count: 5, rgb: [1, 2, 3] }, b: { count: 5, rgb: [250, 0, 9] } });
    return { spec: { kind: 'images', dir }, inputShape: [3, 4, 4] };
  },
  csv: async () => ({ spec: { kind: 'csv', file: path.join(FIX, 'wine.csv') }, inputShape: [13] }),
  random: async () => ({ spec: { kind: 'random', samples: 20, classes: 4 }, inputShape: [1, 3, 3] }),
};

beforeAll(() => {
  process.env.WIREGRAD_CACHE_DIR = path.join(tmp, 'cache');
});
afterAll(() => {
  delete process.env.WIREGRAD_CACHE_DIR;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('dataset-kind registry', () => {
  it('has unique kinds, each with a label, a schema and a working create()', () => {
    expect(new Set(DATASET_KIND_NAMES).size).toBe(DATASET_KINDS.length);
    for (const k of DATASET_KINDS) expect(validateDatasetSpec(k.create()).kind).toBe(k.kind);
  });

  it('validation names the field and lists the kinds', () => {
    expect(() => validateDatasetSpec({ kind: 'pets' })).toThrow(/training\.dataset\.kind must be one of "mnist", "idx", "cifar10", "images", "csv", "random", got "pets"/);
    expect(() => validateDatasetSpec({ kind: 'cifar10', dir: 5 })).toThrow('training.dataset.dir must be a path (text), got 5');
    expect(() => validateDatasetSpec({ kind: 'random', samples: 0 })).toThrow('training.dataset.samples must be a positive integer, got 0');
    expect(() => validateTraining({ augment: { hflip: 2 } })).toThrow('training.augment.hflip must be a probability in [0, 1], got 2');
    expect(() => validateTraining({ augment: { random_crop: { padding: -1 } } })).toThrow('training.augment.random_crop.padding must be ≥ 0, got -1');
    expect(() => validateTraining({ normalize: 'yes' })).toThrow(/training\.normalize must be null \(the dataset default\), "compute" or/);
    expect(() => validateTraining({ dataset: { kind: 'pets' } })).toThrow(/^training\.dataset\.kind must be one of/);
    const t = validateTraining({ normalize: 'compute', dataset: { kind: 'csv', file: 'x.csv', extra: 1 } });
    expect(t.dataset).toEqual({ kind: 'csv', file: 'x.csv', extra: 1 });
    expect(t.augment).toEqual({ hflip: 0, rotation: 0 });
  });

  for (const kind of DATASET_KIND_NAMES) {
    it(`${kind}: getSamples serves train and test samples with labels, through the real backend`, async () => {
      const { spec, inputShape } = await FIXTURES[kind]();
      const backend = createBackend({ home: path.join(tmp, 'home'), templatesDir: tmp, deps: coreDeps, shell: 'web', version: 't' });
      const view = { inputShape };
      const [s] = await backend.getSamples('train', [1], spec, view);
      expect(s.shape).toEqual(inputShape);
      expect(s.pixels).toHaveLength(inputShape.reduce((a, b) => a * b, 1));
      expect(s.label).toBeGreaterThanOrEqual(0);
      const o = await backend.describeDataset(spec, view);
      expect(o.splits.map((x) => x.split)).toEqual(['train', 'test']);
      expect(o.splits[0].classCounts!.reduce((a, b) => a + b, 0)).toBe(o.splits[0].count);
      const [t] = await backend.getSamples('test', [0], spec, view);
      expect(t.index).toBe(0);
    });
  }
});

describe('unusable datasets are refused, naming the file', () => {
  const req = (sampleShape: number[]) => ({ sampleShape, target: { kind: 'class' as const }, seed: 0 });

  it('a 0-sample IDX file', async () => {
    const img = path.join(tmp, 'zero-images-idx3-ubyte');
    const lab = path.join(tmp, 'zero-labels-idx1-ubyte');
    fs.writeFileSync(img, writeIdx([0, 28, 28], 'ubyte', []));
    fs.writeFileSync(lab, writeIdx([0], 'ubyte', []));
    await expect(resolveDataset({ kind: 'idx', trainImages: img, trainLabels: lab }, req([1, 28, 28]))).rejects.toThrow(`${img}: no samples`);
  });

  it('a CIFAR-10 folder with empty batches, and one with only test_batch.bin', async () => {
    const empty = cifarDir('empty-batches', 0, 0);
    await expect(resolveDataset({ kind: 'cifar10', dir: empty }, req([3, 32, 32]))).rejects.toThrow(/data_batch_1\.bin, .*data_batch_5\.bin: no samples/);
    const onlyTest = path.join(tmp, 'only-test');
    fs.mkdirSync(onlyTest);
    fs.writeFileSync(path.join(onlyTest, 'test_batch.bin'), new Uint8Array(3073));
    await expect(resolveDataset({ kind: 'cifar10', dir: onlyTest }, req([3, 32, 32]))).rejects.toThrow(/only-test: no CIFAR-10 training files \(only test_batch\.bin is there\)/);
  });

  it('a validation split that holds out nothing (it would report NaN every epoch)', async () => {
    const { splitTrainValidation } = await import('../../../core/data/loader');
    const d = await resolveDataset({ kind: 'random', samples: 3, classes: 2 }, req([1, 2, 2]));
    expect(() => splitTrainValidation(d.train, 0.1)).toThrow(/validation_split 0\.1 of 3 samples \(random data\) holds out no sample/);
  });

  it('class labels where the model wants float targets, naming the data and the fix', async () => {
    await expect(resolveDataset({ kind: 'mnist' }, { sampleShape: [1, 28, 28], target: { kind: 'value', shape: [1] }, seed: 0 })).rejects.toThrow(/class labels, but the Input node's target is float values/);
  });
});

describe('the samples cache', () => {
  it('stays within its byte budget across many specs of the same file, and reloads a file that changed', async () => {
    const img = path.join(tmp, 'c-images-idx3-ubyte');
    const lab = path.join(tmp, 'c-labels-idx1-ubyte');
    fs.writeFileSync(img, writeIdx([100, 10, 10], 'ubyte', new Array(10000).fill(7)));
    fs.writeFileSync(lab, writeIdx([100], 'ubyte', new Array(100).fill(1)));
    let loads = 0;
    const cache = new DatasetCache(25_000, (s, r) => (loads++, resolveDataset(s, r)));
    const req = { sampleShape: [1, 10, 10], target: { kind: 'class' as const }, seed: 0 };
    for (let i = 0; i < 10; i++) await cache.get({ kind: 'idx', trainImages: img, trainLabels: lab, note: i }, req);
    expect(cache.bytes).toBeLessThanOrEqual(25_000);
    expect(cache.size).toBeLessThan(10);
    const spec = { kind: 'idx' as const, trainImages: img, trainLabels: lab };
    const a = await cache.get(spec, req);
    const before = loads;
    expect(await cache.get(spec, req)).toBe(a);
    expect(loads).toBe(before);
    fs.writeFileSync(img, writeIdx([100, 10, 10], 'ubyte', new Array(10000).fill(9)));
    fs.utimesSync(img, new Date(), new Date(Date.now() + 5000));
    const b = await cache.get(spec, req);
    expect(loads).toBe(before + 1);
    expect(b.train.images[0]).toBe(9);
  });
});

describe('no hand-written lists of dataset kinds outside the registry', () => {
  const kinds = DATASET_KIND_NAMES.join('|');
  const compare = new RegExp(`kind\\s*[!=]==?\\s*['"](${kinds})['"]|case\\s+['"](${kinds})['"]\\s*:`);
  const objectKeys = new RegExp(`\\b(${kinds})\\s*:`, 'g');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : []));
  const root = path.resolve(__dirname, '../../..');
  // The registry itself, and the Node loader table whose type the compiler checks against it.
  const allowed = new Set([path.join(root, 'core/data/loaders.ts')]);
  const sources = ['core', 'renderer', 'electron'].flatMap((d) => files(path.join(root, d))).filter((f) => !f.includes(`${path.sep}data${path.sep}kinds${path.sep}`) && !allowed.has(f));

  it('no branching on a dataset kind and no per-kind tables', () => {
    const found: string[] = [];
    for (const f of sources) {
      fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (compare.test(line) || new Set(line.match(objectKeys)?.map((m) => m.replace(/\s*:$/, ''))).size >= 2) found.push(`${path.relative(root, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
