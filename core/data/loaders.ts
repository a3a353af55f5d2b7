/**
 * The Node half of the dataset-kind registry: one loader per kind of ./kinds/index.ts. The
 * table's type makes a missing or extra kind a compile error, so the kinds cannot drift.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadCifar10Binary, loadIdxDataset, loadMnist, mnistFiles, randomDataset, type DataRequest, type Dataset } from './dataset';
import { DataError } from './errors';
import { loadCsvDataset } from './csv';
import { loadImageFolder } from './imageFolder';
import { findDatasetKind, type DatasetKind, type DatasetSpec, type SpecOf } from './kinds/index';
import { RANDOM_DEFAULTS } from './kinds/random';

export interface DataWarning {
  message: string;
  /** The file or folder it is about. */
  file?: string;
}

export interface ResolvedData {
  train: Dataset;
  test?: Dataset;
  /** Every file read, so caches can tell when the data changed on disk. */
  files: string[];
  warnings: DataWarning[];
}

type Loader<K extends DatasetKind> = (spec: SpecOf<K>, req: DataRequest) => Promise<ResolvedData> | ResolvedData;

const LOADERS: { [K in DatasetKind]: Loader<K> } = {
  mnist: () => ({ train: loadMnist('train'), test: loadMnist('test'), files: [...mnistFiles('train'), ...mnistFiles('test')], warnings: [] }),
  idx: (spec) => {
    const need = (field: 'trainImages' | 'trainLabels') => {
      if (!spec[field]) throw new DataError('io', `training.dataset.${field}: no file given`);
      return spec[field];
    };
    const train = loadIdxDataset(need('trainImages'), need('trainLabels'), 'idx');
    const test = spec.testImages && spec.testLabels ? loadIdxDataset(spec.testImages, spec.testLabels, 'idx') : undefined;
    const files = [spec.trainImages, spec.trainLabels, ...(test ? [spec.testImages!, spec.testLabels!] : [])];
    return { train, test, files, warnings: [] };
  },
  cifar10: (spec) => {
    if (!spec.dir) throw new DataError('io', 'training.dataset.dir: no CIFAR-10 folder given');
    const trainFiles = [1, 2, 3, 4, 5].map((i) => path.join(spec.dir, `data_batch_${i}.bin`)).filter((f) => fs.existsSync(f));
    const testFile = path.join(spec.dir, 'test_batch.bin');
    if (trainFiles.length === 0) {
      const only = fs.existsSync(testFile) ? ' (only test_batch.bin is there)' : '';
      throw new DataError('empty', `${spec.dir}: no CIFAR-10 training files${only}; expected data_batch_1.bin … data_batch_5.bin and test_batch.bin, from cifar-10-binary.tar.gz`, spec.dir);
    }
    const test = fs.existsSync(testFile) ? loadCifar10Binary([testFile], 'cifar10') : undefined;
    return { train: loadCifar10Binary(trainFiles, 'cifar10'), test, files: [...trainFiles, ...(test ? [testFile] : [])], warnings: [] };
  },
  images: (spec, req) => loadImageFolder(spec, req),
  csv: (spec, req) => loadCsvDataset(spec, req),
  random: (spec, req) => {
    const samples = spec.samples ?? RANDOM_DEFAULTS.samples;
    const classes = spec.classes ?? RANDOM_DEFAULTS.classes;
    return {
      train: randomDataset(samples, req.sampleShape, classes, req.seed),
      test: randomDataset(Math.max(1, Math.floor(samples / 5)), req.sampleShape, classes, req.seed + 1),
      files: [],
      warnings: [],
    };
  },
};

/**
 * Turns a project's dataset spec into loaded datasets for a model with the given input
 * shape and target type. Refuses, naming the file, data that cannot train: no samples, or
 * class labels where the model wants float targets (and the reverse).
 */
export async function resolveDataset(spec: DatasetSpec, req: DataRequest): Promise<ResolvedData> {
  if (!findDatasetKind(spec.kind)) throw new DataError('bad_option', `unknown dataset kind ${JSON.stringify(spec.kind)}`);
  const load = LOADERS[spec.kind] as Loader<DatasetKind>;
  const data = await load(spec as SpecOf<DatasetKind>, req);
  const usable = { ...data, train: asOneHot(data.train, req), test: data.test && asOneHot(data.test, req) };
  for (const ds of [usable.train, usable.test]) if (ds) requireUsable(ds, req);
  return usable;
}

/**
 * Class labels for an Input whose target_shape is [classes]: one-hot float targets, the
 * probability form of the labels (CrossEntropyLoss then takes [N, C] soft targets, and gives
 * the same loss as from the labels, label smoothing included, as torch does).
 */
function asOneHot(ds: Dataset, req: DataRequest): Dataset {
  if (req.target.kind !== 'value' || ds.targets || ds.classes < 2) return ds;
  const shape = req.target.shape;
  if (shape.length !== 1 || shape[0] !== ds.classes) return ds;
  const C = ds.classes;
  const targets = new Float32Array(ds.count * C);
  for (let i = 0; i < ds.count; i++) targets[i * C + ds.labels[i]] = 1;
  return { ...ds, targets, targetShape: [C] };
}

function requireUsable(ds: Dataset, req: DataRequest): void {
  if (ds.count === 0) throw new DataError('empty', `${ds.source}: no samples, nothing to train or test on`, ds.source);
  const wantsValues = req.target.kind === 'value';
  if (wantsValues && !ds.targets) {
    throw new DataError('bad_labels', `${ds.source}: this dataset has class labels, but the Input node's target is float values of shape [${req.target.kind === 'value' ? req.target.shape.join(', ') : ''}]; clear Input's target_shape to train a classifier${ds.classes > 1 ? `, or set it to [${ds.classes}] for one-hot targets` : ''}`, ds.source);
  }
  if (!wantsValues && ds.targets) {
    throw new DataError('bad_labels', `${ds.source}: this dataset has float targets, but the Input node's y is class labels; set Input's target_shape to [${ds.targetShape?.join(', ')}]`, ds.source);
  }
  if (!wantsValues && ds.classes < 1) throw new DataError('bad_labels', `${ds.source}: no class labels`, ds.source);
}
