/**
 * Exported scripts read CSV/TSV tables and image folders as core/data does: the same samples
 * in the same order, the same class indices and names, the same train/test split, and (run
 * by scripts/pytorch/export_parity.py against `wiregrad train`) the same losses. Resized
 * images are the one place the two differ (libvips vs Pillow resampling): measured here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvDataset } from '../../../../core/data/csv';
import { resolveDataset } from '../../../../core/data/loaders';
import type { Dataset } from '../../../../core/data/dataset';
import { loadImageFolder } from '../../../../core/data/imageFolder';
import type { CsvSpec } from '../../../../core/data/kinds/csv';
import type { ImagesSpec } from '../../../../core/data/kinds/images';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import type { DatasetSpec, ProjectDocument } from '../../../../core/graph/document';
import { Rng } from '../../../../core/util/rng';
import { buildBundles } from '../../runtime/helpers';
import { writeMnistPngFolders } from '../../data/helpers/imageFolders';
import { tableMlp } from '../../data/projects';
import { python, pythonUnavailable } from './python';
import { expectParity, exportParity } from './exportParity';

const why = pythonUnavailable('torch');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-export-data-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An image-folder project: Flatten → Linear → ReLU → Linear → CrossEntropyLoss over `shape`. */
function imageMlp(name: string, shape: number[], classes: number, dataset: DatasetSpec, training: Partial<ProjectDocument['training']> = {}): ProjectDocument {
  const doc = tableMlp(shape.reduce((a, b) => a * b, 1), classes, { hidden: 16 });
  doc.name = name;
  doc.nodes[0] = { ...doc.nodes[0], params: { shape } };
  doc.nodes.splice(1, 0, { id: 'flat', type: 'Flatten', params: {}, position: { x: 100, y: 0 } });
  doc.edges[0] = { id: 'input-flat', from: { node: 'input', port: 'x' }, to: { node: 'flat', port: 'in' } };
  doc.edges.push({ id: 'flat-fc1', from: { node: 'flat', port: 'out' }, to: { node: 'fc1', port: 'in' } });
  doc.training = { ...doc.training, dataset, ...training };
  return doc;
}

function tableProject(name: string, features: number, outputs: number, dataset: CsvSpec, regression = false): ProjectDocument {
  const doc = tableMlp(features, outputs, { regression, hidden: 12 });
  doc.name = name;
  doc.training = { ...doc.training, dataset, validation_split: 0.1, epochs: 4, optimizer: { type: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 } };
  return doc;
}

function writeProject(doc: ProjectDocument): string {
  const file = path.join(dir, `${doc.name.replace(/\W+/g, '-')}.wiregrad.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

interface ScriptData {
  names: string[] | null;
  splits: ({ x: number[]; y: number[]; shape: number[] } | null)[];
}

/** What the exported script's load_data reads for each project: samples, labels, class names. */
function scriptData(docs: ProjectDocument[]): ScriptData[] {
  const scripts = docs.map((doc, i) => {
    const sub = path.join(dir, `script-${doc.name.replace(/\W+/g, '-')}-${i}`);
    fs.mkdirSync(sub, { recursive: true });
    for (const f of exportPyTorch(doc, { as: 'script', fileName: 'model.py' })) fs.writeFileSync(path.join(sub, f.name), f.data);
    return path.join(sub, 'model.py');
  });
  const driver = `
import importlib.util, json, sys
out = []
for i, script in enumerate(json.loads(sys.argv[1])):
    spec = importlib.util.spec_from_file_location("m%d" % i, script); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    splits = m.load_data(None, 0)
    out.append({"names": m.CLASS_NAMES, "splits": [None if s is None else {"x": s.images.flatten().tolist(), "y": s.labels.flatten().tolist(), "shape": list(s.images.shape)} for s in splits]})
print(json.dumps(out))`;
  const r = python(['-c', driver, JSON.stringify(scripts)]);
  expect(r.code, r.output).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ScriptData[];
}

const labelsOf = (ds: Dataset) => (ds.targets ? Array.from(ds.targets) : Array.from(ds.labels));

describe.skipIf(why !== null)('exported scripts read CSV tables and image folders as Wiregrad does', () => {
  it('CSV/TSV: the same features, labels, class names and test split as core/data/csv.ts, on awkward files', async () => {
    // Semicolons, a BOM, CRLF, quoted header cells, blank lines, numbers as JavaScript reads
    // them (hex, exponent, "+2", ".5"), numeric class labels (sorted 1, 2, 9, 10, not as text).
    const rng = new Rng(4);
    const semi = ['\uFEFF"a";"b b";"label"'];
    const numbers = ['0x1F', '1e-3', '+2', '.5', '7.', '-0.25'];
    for (let i = 0; i < 40; i++) semi.push(`${numbers[i % numbers.length]};${(rng.next() * 10).toFixed(3)};${[1, 2, 9, 10][rng.int(4)]}${i % 9 === 0 ? '\r\n' : ''}`);
    fs.writeFileSync(path.join(dir, 'semi.csv'), semi.join('\r\n') + '\r\n');
    // No header, all numbers, label column given by number: a regression target, split at random.
    fs.writeFileSync(path.join(dir, 'plain.csv'), Array.from({ length: 33 }, () => [rng.next(), rng.next() * 5 - 2, rng.int(100)].map((v) => String(v)).join(',')).join('\n'));
    // TSV with a separate test file, text classes sorted as JavaScript sorts ("Zulu" < "apple" < "Ärger").
    const classes = ['apple', 'Zulu', 'Ärger', 'zebra'];
    const tsv = (n: number) => ['f1\tkind\tf2', ...Array.from({ length: n }, (_, i) => `${rng.next()}\t${classes[i % 4]}\t${-rng.next()}`)].join('\n');
    fs.writeFileSync(path.join(dir, 'train.tsv'), tsv(24));
    fs.writeFileSync(path.join(dir, 'test.tsv'), tsv(8));

    const specs: [CsvSpec, boolean][] = [
      [{ kind: 'csv', file: path.join(dir, 'semi.csv'), testSplit: 0.25 }, false],
      [{ kind: 'csv', file: path.join(dir, 'plain.csv'), labelColumn: '0', testSplit: 0.3 }, true],
      [{ kind: 'csv', file: path.join(dir, 'train.tsv'), labelColumn: 'kind', testFile: path.join(dir, 'test.tsv') }, false],
    ];
    const docs = specs.map(([spec, regression], i) => tableProject(`table ${i}`, 2, regression ? 1 : 4, spec, regression));
    const got = scriptData(docs);
    for (const [i, [spec, regression]] of specs.entries()) {
      const want = loadCsvDataset(spec, { sampleShape: [2], target: regression ? { kind: 'value', shape: [1] } : { kind: 'class' }, seed: 0 });
      const [train, test] = got[i].splits;
      expect(train!.shape, spec.file).toEqual([want.train.count, 2]);
      expect(train!.x, spec.file).toEqual(Array.from(want.train.images));
      expect(train!.y, spec.file).toEqual(labelsOf(want.train));
      expect(test!.x, spec.file).toEqual(Array.from(want.test!.images));
      expect(test!.y, spec.file).toEqual(labelsOf(want.test!));
      expect(got[i].names, spec.file).toEqual(regression ? null : want.train.classNames);
    }
    expect(got[0].names).toEqual(['1', '2', '9', '10']);
    expect(got[2].names).toEqual(['Zulu', 'apple', 'zebra', 'Ärger']);
  }, 120_000);

  it('CSV classification (header, text classes, 20% split, validation) and TSV regression (no header, test file): script losses equal wiregrad train within 1e-4', () => {
    buildBundles();
    const rng = new Rng(5);
    const species = ['virginica', 'setosa', 'versicolor'];
    // Columns of very different scales: standardisation with the training rows' statistics matters.
    const rows = Array.from({ length: 150 }, () => {
      const k = rng.int(3);
      return [(5 + k + rng.next()).toFixed(2), (3 - 0.3 * k + rng.next() * 0.5).toFixed(3), (100 + 20 * k + rng.next() * 30).toFixed(1), (0.1 * k + rng.next() * 0.05).toFixed(4), species[k]].join(',');
    });
    fs.writeFileSync(path.join(dir, 'flowers.csv'), ['sepal length,sepal width,petal mm,ratio,species', ...rows].join('\n'));
    const regressionRows = (n: number) =>
      Array.from({ length: n }, () => {
        const f = [rng.next() * 6 - 3, rng.next() * 6 - 3, rng.next() * 6 - 3];
        return [(2 * f[0] - f[1] * f[2]).toFixed(4), ...f.map((v) => v.toFixed(5))].join('\t');
      }).join('\n');
    fs.writeFileSync(path.join(dir, 'r-train.tsv'), regressionRows(90));
    fs.writeFileSync(path.join(dir, 'r-test.tsv'), regressionRows(25));
    const flowers = tableProject('flowers', 4, 3, { kind: 'csv', file: path.join(dir, 'flowers.csv'), labelColumn: 'species' });
    const regression = tableProject('regression', 3, 1, { kind: 'csv', file: path.join(dir, 'r-train.tsv'), labelColumn: '0', testFile: path.join(dir, 'r-test.tsv') }, true);
    regression.training.optimizer = { type: 'sgd', lr: 0.02, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 };
    // 20 shuffled steps cross epoch boundaries (108 training rows / 16 per batch; 81 / 16).
    expectParity(exportParity('--models', [flowers, regression].map(writeProject).join(','), '--steps', '20', '--ranks', '1', '--shuffle'), 2, 20);
  }, 300_000);

  it('CSV soft labels (3 probability columns named by labelColumn, CrossEntropyLoss with label smoothing): the same targets, and script losses equal wiregrad train within 1e-4', () => {
    buildBundles();
    const rng = new Rng(8);
    const rows = Array.from({ length: 90 }, () => {
      const f = [rng.next() * 4 - 2, rng.next() * 4 - 2, rng.next() * 4 - 2];
      const w = [Math.exp(f[0]), Math.exp(f[1] - f[2]), 1];
      const s = w[0] + w[1] + w[2];
      // Probability columns first, features after: the columns are found by name, not position.
      return [...w.map((v) => (v / s).toFixed(4)), ...f.map((v) => v.toFixed(4))].join(',');
    });
    const file = path.join(dir, 'soft.csv');
    fs.writeFileSync(file, ['p_a,p_b,p_c,x1,x2,x3', ...rows].join('\n'));
    const spec: CsvSpec = { kind: 'csv', file, labelColumn: 'p_a, p_b, p_c', testSplit: 0.2 };
    const doc = tableProject('soft labels', 3, 3, spec);
    doc.nodes = doc.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, target_shape: [3] } } : n.type === 'CrossEntropyLoss' ? { ...n, params: { label_smoothing: 0.05 } } : n));
    const want = loadCsvDataset(spec, { sampleShape: [3], target: { kind: 'value', shape: [3] }, seed: 0 });
    expect(want.train.targetShape).toEqual([3]);
    // Rows of probabilities: each target sums to 1 (to the 4 decimals written).
    for (let r = 0; r < want.train.count; r++) expect(Math.abs(want.train.targets![3 * r] + want.train.targets![3 * r + 1] + want.train.targets![3 * r + 2] - 1)).toBeLessThan(2e-4);
    const [got] = scriptData([doc]);
    expect(got.splits[0]!.y).toEqual(Array.from(want.train.targets!));
    expect(got.splits[1]!.y).toEqual(Array.from(want.test!.targets!));
    expect(got.splits[0]!.x).toEqual(Array.from(want.train.images));
    // Two columns named for a target of three: refused, with what is needed.
    expect(() => loadCsvDataset({ ...spec, labelColumn: 'p_a,p_b' }, { sampleShape: [4], target: { kind: 'value', shape: [3] }, seed: 0 })).toThrow("names 2 column(s), but the Input node's target_shape [3] needs 3");
    expectParity(exportParity('--models', writeProject(doc), '--steps', '12', '--ranks', '1', '--shuffle'), 1, 12);
  }, 300_000);

  it('CSV class names with target_shape [classes]: one-hot targets in the script as in wiregrad train, the same split, losses within 1e-4', async () => {
    buildBundles();
    const rng = new Rng(9);
    const species = ['virginica', 'setosa', 'versicolor'];
    const rows = Array.from({ length: 60 }, () => {
      const k = rng.int(3);
      return [(k + rng.next()).toFixed(3), (2 - k + rng.next()).toFixed(3), species[k]].join(',');
    });
    const file = path.join(dir, 'species.csv');
    fs.writeFileSync(file, ['a,b,species', ...rows].join('\n'));
    const spec: CsvSpec = { kind: 'csv', file, testSplit: 0.2 };
    const doc = tableProject('one-hot classes', 2, 3, spec);
    doc.nodes = doc.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, target_shape: [3] } } : n));
    const want = await resolveDataset(spec, { sampleShape: [2], target: { kind: 'value', shape: [3] }, seed: 0 });
    expect(want.train.targetShape).toEqual([3]);
    const [got] = scriptData([doc]);
    expect(got.splits[0]!.y).toEqual(Array.from(want.train.targets!));
    expect(got.splits[1]!.y).toEqual(Array.from(want.test!.targets!));
    expect(got.splits[0]!.x).toEqual(Array.from(want.train.images));
    expectParity(exportParity('--models', writeProject(doc), '--steps', '8', '--ranks', '1', '--shuffle'), 1, 8);
  }, 300_000);

  it('an image folder with train/ and test/ (Input-size PNG files in nested folders, read exactly), flips, rotation and computed normalisation: losses within 1e-4', async () => {
    buildBundles();
    const rng = new Rng(6);
    const root = path.join(dir, 'pets');
    const writes: Promise<unknown>[] = [];
    for (const [split, n] of [['train', 14], ['test', 4]] as const) {
      for (const c of ['cat', 'dog', 'emu']) {
        fs.mkdirSync(path.join(root, split, c, 'more'), { recursive: true });
        for (let i = 0; i < n; i++) {
          const px = Buffer.from(Uint8Array.from({ length: 8 * 8 * 3 }, () => rng.int(256)));
          // Nested folders count; lossless files only, so both sides decode the same bytes.
          const file = path.join(root, split, c, i % 3 === 0 ? 'more' : '', `${i}.png`);
          writes.push(sharp(px, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(file));
        }
      }
    }
    await Promise.all(writes);
    fs.writeFileSync(path.join(root, 'train', 'cat', 'notes.txt'), 'not an image');
    const doc = imageMlp('pets', [3, 8, 8], 3, { kind: 'images', dir: root }, { normalize: 'compute', augment: { hflip: 0.5, rotation: 20 }, batch_size: 8, epochs: 3 });
    expectParity(exportParity('--models', writeProject(doc), '--steps', '12', '--ranks', '1', '--shuffle'), 1, 12, () => false);
  }, 300_000);

  it('resized images: the same files, order, labels and split; pixels as close as Lanczos in libvips and Pillow get (measured)', async () => {
    const root = path.join(dir, 'digits');
    await writeMnistPngFolders(root, { train: 60, test: 0 }, 2);
    // A flat folder of 28×28 digits, split 25% for testing, read at 20×20 (down) and 36×36 (up), grey and RGB.
    const flat = path.join(root, 'train');
    const shapes = [[1, 20, 20], [3, 20, 20], [1, 36, 36]];
    const spec: ImagesSpec = { kind: 'images', dir: flat, testSplit: 0.25 };
    const docs = shapes.map((s, i) => imageMlp(`digits ${i}`, s, 10, spec));
    const got = scriptData(docs);
    const figures: string[] = [];
    for (const [i, shape] of shapes.entries()) {
      const want = await loadImageFolder(spec, { sampleShape: shape, target: { kind: 'class' }, seed: 0 });
      expect(got[i].names).toEqual(want.train.classNames);
      const splits = [want.train, want.test!];
      let sum = 0;
      let max = 0;
      let n = 0;
      splits.forEach((ds, k) => {
        const mine = got[i].splits[k]!;
        expect(mine.shape).toEqual([ds.count, ...shape]);
        expect(mine.y).toEqual(Array.from(ds.labels));
        const px = ds.images as Uint8Array;
        mine.x.forEach((v, j) => {
          const d = Math.abs(v - px[j]);
          sum += d;
          max = Math.max(max, d);
        });
        n += px.length;
      });
      const mean = sum / n;
      figures.push(`${shape.join('×')}: mean |Δ| ${mean.toFixed(2)} levels, max ${max}`);
      // Measured on these digits: 28→20 (Lanczos) mean 0.45 levels, max 18; 28→36 (bicubic) mean 0.17, max 14.
      expect(mean, shape.join('×')).toBeLessThan(1.5);
    }
    console.log(`resampling, Pillow vs libvips: ${figures.join('; ')}`);
  }, 180_000);
});
