/** CSV/TSV tables: header detection, label column, class names, float targets, clear errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHeader } from '../../../core/data/csv';
import { resolveDataset } from '../../../core/data/loaders';
import { computeNormalization } from '../../../core/data/normalization';

const FIX = path.join(__dirname, '../../fixtures/data');
const WINE = path.join(FIX, 'wine.csv');
const DIABETES = path.join(FIX, 'diabetes.tsv');
const cls = { sampleShape: [13], target: { kind: 'class' as const }, seed: 0 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-csv-'));
const write = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('CSV datasets', () => {
  it('reads the wine table: header detected, last column = class names in sorted order, stratified 20% test split', async () => {
    const d = await resolveDataset({ kind: 'csv', file: WINE }, cls);
    expect(d.train.classNames).toEqual(['class_0', 'class_1', 'class_2']);
    expect(d.train.sampleShape).toEqual([13]);
    expect(d.train.count + d.test!.count).toBe(178);
    expect(d.test!.count).toBe(36); // round(59*.2)+round(71*.2)+round(48*.2) = 12+14+10
    expect(d.train.images).toBeInstanceOf(Float32Array);
    expect(d.train.images[12]).toBeGreaterThan(100); // proline, raw (standardised per batch, not here)
  });

  it('standardisation statistics come from the training split only', async () => {
    const d = await resolveDataset({ kind: 'csv', file: WINE }, cls);
    const trainStats = computeNormalization(d.train);
    const testStats = computeNormalization(d.test!);
    expect(trainStats.mean).toHaveLength(13);
    expect(trainStats.mean[12]).not.toBeCloseTo(testStats.mean[12], 0);
    // Population std of the training rows' proline column, recomputed here.
    const col = Array.from({ length: d.train.count }, (_, i) => d.train.images[i * 13 + 12]);
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
    expect(trainStats.mean[12]).toBeCloseTo(m, 2);
    expect(trainStats.std[12]).toBeCloseTo(sd, 2);
  });

  it('a column of class names gives one-hot targets for an Input with target_shape [classes]', async () => {
    const soft = { ...cls, target: { kind: 'value' as const, shape: [3] } };
    const d = await resolveDataset({ kind: 'csv', file: WINE }, soft);
    const labels = await resolveDataset({ kind: 'csv', file: WINE }, cls);
    expect(d.train.targetShape).toEqual([3]);
    expect(d.train.count).toBe(labels.train.count);
    for (let i = 0; i < d.train.count; i++) {
      const row = Array.from(d.train.targets!.subarray(i * 3, i * 3 + 3));
      expect(row).toEqual([0, 1, 2].map((c) => (c === labels.train.labels[i] ? 1 : 0)));
    }
    expect(d.test!.targets).toHaveLength(d.test!.count * 3);
    // Named explicitly, the same; a class count that does not match is refused with the count to set.
    const named = await resolveDataset({ kind: 'csv', file: WINE, labelColumn: 'cultivar' }, soft);
    expect(Array.from(named.train.targets!.subarray(0, 9))).toEqual(Array.from(d.train.targets!.subarray(0, 9)));
    await expect(resolveDataset({ kind: 'csv', file: WINE }, { ...cls, target: { kind: 'value', shape: [4] } })).rejects.toThrow(/has class labels, but the Input node's target is float values of shape \[4\].*set it to \[3\] for one-hot targets/);
  });

  it('chooses the label column by name or number, and takes a second file as the test set', async () => {
    const test = write('wine-test.csv', fs.readFileSync(WINE, 'utf8').split('\n').slice(0, 20).join('\n'));
    const d = await resolveDataset({ kind: 'csv', file: WINE, testFile: test, labelColumn: 'cultivar' }, cls);
    expect(d.test!.count).toBe(19);
    expect(d.train.count).toBe(178);
    const bySex = await resolveDataset({ kind: 'csv', file: DIABETES, labelColumn: '1', testSplit: 0 }, { ...cls, sampleShape: [10] });
    expect(bySex.train.classNames).toEqual(['1', '2']);
    expect(bySex.train.images[0]).toBe(59); // age, then bmi: the label column is left out of the features
    expect(bySex.train.images[1]).toBeCloseTo(32.1, 4);
    const numericAsClasses = await resolveDataset({ kind: 'csv', file: DIABETES, testSplit: 0 }, { ...cls, sampleShape: [10] });
    expect(numericAsClasses.warnings[0].message).toMatch(/is it really a class label\? \(for a numeric target set Input's target_shape to \[1\]\)/);
  });

  it('gives float targets for a regression model (TSV, numeric target)', async () => {
    const d = await resolveDataset({ kind: 'csv', file: DIABETES }, { sampleShape: [10], target: { kind: 'value', shape: [1] }, seed: 0 });
    expect(d.train.targets).toBeInstanceOf(Float32Array);
    expect(d.train.targetShape).toEqual([1]);
    expect(d.train.count + d.test!.count).toBe(442);
    expect(d.train.classes).toBe(0);
  });

  it('names the file, line and column of bad values', async () => {
    const bad = write('bad.csv', 'a,b,label\n1,2,x\n3,oops,y\n');
    await expect(resolveDataset({ kind: 'csv', file: bad }, cls)).rejects.toThrow(/bad\.csv, line 3, column "b": "oops" is not a number/);
    const ragged = write('ragged.csv', 'a,b,label\n1,2,x\n3,y\n');
    await expect(resolveDataset({ kind: 'csv', file: ragged }, cls)).rejects.toThrow(/ragged\.csv, line 3: 2 columns, but the first row has 3/);
    await expect(resolveDataset({ kind: 'csv', file: WINE, labelColumn: 'nope' }, cls)).rejects.toThrow(/no label column "nope" \(columns: alcohol, malic_acid/);
    const empty = write('empty.csv', '');
    await expect(resolveDataset({ kind: 'csv', file: empty }, cls)).rejects.toThrow(/empty\.csv: the table is empty/);
    const headerOnly = write('header.csv', 'a,b,label\n');
    await expect(resolveDataset({ kind: 'csv', file: headerOnly, testSplit: 0 }, cls)).rejects.toThrow(/header\.csv: no samples/);
    await expect(resolveDataset({ kind: 'csv', file: DIABETES }, cls)).resolves.toBeDefined();
    await expect(resolveDataset({ kind: 'csv', file: WINE }, { ...cls, target: { kind: 'value', shape: [1] } })).rejects.toThrow(/wine\.csv, line 2: target "class_0" is not a number/);
  });

  it('detects a header row like csv.Sniffer', () => {
    expect(detectHeader([['x', 'y'], ['1', '2']])).toBe(true);
    expect(detectHeader([['1', '2'], ['3', '4']])).toBe(false);
    expect(detectHeader([['1', 'cat'], ['3', 'dog']])).toBe(false);
  });
});
