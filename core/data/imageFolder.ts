/**
 * Image-folder datasets: one subfolder per class (torchvision's ImageFolder layout), either
 * under train/ and test/ or split by a fraction, decoded once into the decode cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng } from '../util/rng';
import type { DataRequest, Dataset } from './dataset';
import { decodeWithCache, fileStream, statSources } from './decodeCache';
import { DataError } from './errors';
import { decodeImage } from './imageDecode';
import { IMAGE_EXTENSIONS, type ImagesSpec } from './kinds/images';
import { DEFAULT_TEST_SPLIT } from './kinds/schemaParts';
import type { DataWarning, ResolvedData } from './loaders';

interface Listing {
  classNames: string[];
  files: string[];
  labels: number[];
}

/** Sorted like Python's sorted() on str (code points), as ImageFolder orders classes. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Class folders of `root` and their image files (recursively), with what was skipped. */
export function listClassFolders(root: string, warnings: DataWarning[], classNames?: string[]): Listing {
  let names: string[];
  try {
    names = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() || (d.isSymbolicLink() && isDir(path.join(root, d.name)))).map((d) => d.name).sort(byCodePoint);
  } catch (e) {
    throw new DataError('io', `${root}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder not found' : (e as Error).message}`, root);
  }
  const classes = classNames ?? names;
  if (classNames) {
    const unknown = names.filter((n) => !classNames.includes(n));
    if (unknown.length) throw new DataError('bad_labels', `${path.join(root, unknown[0])}: class "${unknown[0]}" is not among the training classes (${classNames.join(', ')})`, path.join(root, unknown[0]));
  }
  const files: string[] = [];
  const labels: number[] = [];
  let skipped = 0;
  let skippedExample = '';
  classes.forEach((name, label) => {
    const dir = path.join(root, name);
    if (!isDir(dir)) return;
    const found = walk(dir);
    const isImage = (f: string) => IMAGE_EXTENSIONS.includes(path.extname(f).toLowerCase());
    const images = found.filter(isImage);
    skipped += found.length - images.length;
    if (!skippedExample) skippedExample = found.find((f) => !isImage(f)) ?? '';
    if (images.length === 0) warnings.push({ message: `class "${name}" has no images`, file: dir });
    for (const f of images) {
      files.push(f);
      labels.push(label);
    }
  });
  if (skipped) warnings.push({ message: `${skipped} file(s) are not PNG, JPEG, WebP or BMP images and were ignored, e.g. ${skippedExample}`, file: skippedExample });
  return { classNames: classes, files, labels };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byCodePoint(a.name, b.name))) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...walk(p));
    else if (d.isFile() || d.isSymbolicLink()) out.push(p);
  }
  return out;
}

/** Stratified split with a fixed seed: the test set depends on the folder only, not the run's seed. */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed = 0x5eed): { train: number[]; test: number[] } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const [, idx] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const order = Int32Array.from(idx);
    rng.shuffle(order);
    const nTest = Math.round(idx.length * fraction);
    order.forEach((v, k) => (k < nTest ? test : train).push(v));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

export function imageShape(req: DataRequest, dir: string): [number, number, number] {
  const s = req.sampleShape;
  if (s.length !== 3 || !(s[0] === 1 || s[0] === 3)) {
    throw new DataError('bad_shape', `${dir}: images become 1 (grey) or 3 (RGB) channels of H×W, but the Input node's shape is [${s.join(', ')}]; set it to e.g. [3, 64, 64]`, dir);
  }
  return [s[0], s[1], s[2]];
}

/**
 * Images in flight while decoding: libvips runs one thread per image (see imageDecode) on
 * libuv's pool of 4, so two per core keeps every core busy while files are read. Measured on
 * 2 cores, 3000 64×64 PNGs: 1 in flight ~800/s, 3 ~1000/s, 4 ~1100-1700/s, 8 ~900-1600/s
 * (noisy shared machine); sharp.concurrency(2) with 4 in flight was no better.
 */
function decodeConcurrency(): number {
  return Math.max(4, 2 * (os.availableParallelism?.() ?? os.cpus().length));
}

async function decodeSplit(id: string, listing: Listing, indices: number[] | undefined, shape: [number, number, number], name: string, source: string, warnings: DataWarning[]): Promise<Dataset> {
  const pick = indices ?? listing.files.map((_, i) => i);
  const files = pick.map((i) => listing.files[i]);
  const [c, h, w] = shape;
  const sampleBytes = c * h * w;
  const pack = await decodeWithCache(`images\0${id}\0${shape.join('x')}`, statSources(files), sampleBytes, (f, out, off) => decodeImage(f, c, h, w, out, off), decodeConcurrency());
  for (const e of pack.errors.slice(0, 20)) warnings.push({ message: `unreadable image skipped: ${e.message}`, file: e.file });
  if (pack.errors.length > 20) warnings.push({ message: `${pack.errors.length - 20} more unreadable images skipped`, file: source });
  // Samples that failed to decode are dropped; the pack keeps their (zero) slots, so index through `keep`.
  const keep: number[] = [];
  pack.slot.forEach((s, i) => s >= 0 && keep.push(i));
  const labels = Int32Array.from(keep, (i) => listing.labels[pick[i]]);
  let images: Uint8Array = pack.data;
  let stream = pack.stream;
  if (keep.length !== files.length) {
    if (stream) {
      stream = fileStream(stream.file, sampleBytes, Int32Array.from(keep));
    } else {
      const compact = new Uint8Array(new SharedArrayBuffer(Math.max(1, keep.length * sampleBytes)), 0, keep.length * sampleBytes);
      keep.forEach((i, k) => compact.set(pack.data.subarray(i * sampleBytes, (i + 1) * sampleBytes), k * sampleBytes));
      images = compact;
    }
  }
  return { name, source, count: keep.length, sampleShape: [...shape], classes: listing.classNames.length, classNames: listing.classNames, images, stream, labels };
}

export async function loadImageFolder(spec: ImagesSpec, req: DataRequest): Promise<ResolvedData> {
  if (!spec.dir) throw new DataError('io', 'training.dataset.dir: no image folder given');
  const dir = path.resolve(spec.dir);
  if (!isDir(dir)) throw new DataError('io', `${dir}: ${fs.existsSync(dir) ? 'not a folder' : 'folder not found'}`, dir);
  const shape = imageShape(req, dir);
  const warnings: DataWarning[] = [];
  const name = path.basename(dir);
  let train: Dataset;
  let test: Dataset | undefined;
  let files: string[];
  if (isDir(path.join(dir, 'train'))) {
    const tl = listClassFolders(path.join(dir, 'train'), warnings);
    if (tl.files.length === 0) throw new DataError('empty', `${path.join(dir, 'train')}: no images in class subfolders (expected train/<class>/<image>.png …)`, path.join(dir, 'train'));
    train = await decodeSplit(`${dir}\0train`, tl, undefined, shape, name, path.join(dir, 'train'), warnings);
    files = tl.files;
    if (isDir(path.join(dir, 'test'))) {
      const sl = listClassFolders(path.join(dir, 'test'), [], tl.classNames);
      if (sl.files.length === 0) throw new DataError('empty', `${path.join(dir, 'test')}: no images in class subfolders`, path.join(dir, 'test'));
      test = await decodeSplit(`${dir}\0test`, sl, undefined, shape, name, path.join(dir, 'test'), warnings);
      files = [...files, ...sl.files];
    }
  } else {
    const all = listClassFolders(dir, warnings);
    if (all.files.length === 0) throw new DataError('empty', `${dir}: no images found; expected one subfolder per class (e.g. ${dir}/cat/1.png) or train/ and test/ folders`, dir);
    const fraction = spec.testSplit ?? DEFAULT_TEST_SPLIT;
    files = all.files;
    if (fraction > 0) {
      const split = stratifiedSplit(all.labels, fraction);
      train = await decodeSplit(`${dir}\0train@${fraction}`, all, split.train, shape, name, dir, warnings);
      test = split.test.length ? await decodeSplit(`${dir}\0test@${fraction}`, all, split.test, shape, name, dir, warnings) : undefined;
    } else {
      train = await decodeSplit(`${dir}\0all`, all, undefined, shape, name, dir, warnings);
    }
  }
  imbalanceWarning(train, warnings);
  return { train, test, files, warnings };
}

/** Warns when the largest class has over 3× the samples of the smallest non-empty one. */
export function imbalanceWarning(ds: Dataset, warnings: DataWarning[]): void {
  if (!ds.classNames || ds.classes < 2) return;
  const counts = classCounts(ds);
  const nonEmpty = counts.filter((c) => c > 0);
  const max = Math.max(...nonEmpty);
  const min = Math.min(...nonEmpty);
  if (max > 3 * min) {
    const big = ds.classNames[counts.indexOf(max)];
    const small = ds.classNames[counts.indexOf(min)];
    warnings.push({ message: `classes are imbalanced: "${big}" has ${max} training samples, "${small}" only ${min}`, file: ds.source });
  }
}

export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (let i = 0; i < ds.labels.length; i++) counts[ds.labels[i]]++;
  return counts;
}
