import type { AugmentConfig, NormalizeValues } from './kinds/transforms';
import { Rng } from '../util/rng';
import type { Dataset } from './dataset';
import { numel } from '../ir/ir';
import { DataError } from './errors';
import { SampleTransform } from './transforms';

/** A dataset restricted to some of its samples, in the given order. */
export interface DataSubset {
  dataset: Dataset;
  indices: Int32Array;
}

export type DataSource = Dataset | DataSubset;

function isSubset(s: DataSource): s is DataSubset {
  return (s as DataSubset).indices !== undefined && (s as DataSubset).dataset !== undefined;
}

export function sourceDataset(s: DataSource): Dataset {
  return isSubset(s) ? s.dataset : s;
}

export function sourceIndices(s: DataSource): Int32Array {
  return isSubset(s) ? s.indices : range(0, s.count);
}

function range(start: number, end: number): Int32Array {
  const a = new Int32Array(end - start);
  for (let i = 0; i < a.length; i++) a[i] = start + i;
  return a;
}

/**
 * Holds out the LAST round(count * fraction) samples for validation, in file order, no
 * shuffling: the split is then independent of the seed and identical to slicing the file,
 * which is what a user comparing against `dataset[:n]` / `dataset[n:]` in PyTorch expects.
 */
export function splitTrainValidation(dataset: Dataset, fraction: number): { train: DataSubset; validation: DataSubset } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new DataError('bad_option', `validation_split must be in [0, 1), got ${fraction}`);
  }
  const nVal = Math.round(dataset.count * fraction);
  const nTrain = dataset.count - nVal;
  if (nTrain < 1 && dataset.count > 0) {
    throw new DataError('bad_option', `validation_split ${fraction} leaves no training samples out of ${dataset.count}`);
  }
  // An empty validation set would report NaN losses every epoch.
  if (fraction > 0 && nVal === 0) {
    throw new DataError('empty', `validation_split ${fraction} of ${dataset.count} samples (${dataset.source}) holds out no sample; raise it, or set it to 0`, dataset.source);
  }
  return {
    train: { dataset, indices: range(0, nTrain) },
    validation: { dataset, indices: range(nTrain, dataset.count) },
  };
}

export interface LoaderOptions {
  shuffle: boolean;
  seed: number;
  /**
   * Added to the epoch number before seeding, so a resumed run (or a second loader that
   * must not repeat the first one's order) can continue a different stream. Default 0.
   */
  epochSeedOffset?: number;
  /** Mean/std already resolved (see normalization.ts); null/undefined = only ToTensor's scaling. */
  normalize?: NormalizeValues | null;
  augment?: AugmentConfig | null;
  /**
   * true (default): batches are written into buffers owned by the loader and overwritten
   * by the next batch; consume (or copy) each batch before advancing the iterator.
   * false: every batch gets fresh arrays, e.g. to prefetch batches ahead.
   */
  reuseBuffers?: boolean;
}

export interface Batch {
  /** batch * prod(sampleShape) floats, transformed and normalised, NCHW. */
  x: Float32Array;
  /** Class labels as int64 (what the losses' OneHot takes), or float targets for regression. */
  y: BigInt64Array | Float32Array;
  /** Samples in this batch (the last one of an epoch may be short). */
  size: number;
  /** Dataset indices of the samples, in batch order. */
  indices: Int32Array;
}

// Labels are written as two int32 halves: far cheaper than a BigInt per sample.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * In-memory datasets up to this size (as float32) are normalised once when no augmentation
 * changes a sample from epoch to epoch: a batch is then rows copied, not a table lookup per
 * pixel, which took ~1.3 s of a 7-s MLP run (10 MNIST epochs, 2.3 µs a sample). The copy is
 * shared by every loader over the same samples and normalisation (train, validation).
 */
const PRENORMALISE_MAX_BYTES = 512 * 2 ** 20;
const prenormalised = new WeakMap<object, Map<string, Float32Array>>();

interface Buffers {
  x: Float32Array;
  y: BigInt64Array | Float32Array;
  /** int32 view of int64 labels. */
  y32?: Int32Array;
  indices: Int32Array;
  /** One raw sample, for datasets streamed from disk. */
  raw: Uint8Array | Float32Array;
}

/**
 * Iterates a dataset in batches like torch.utils.data.DataLoader(drop_last=False): file
 * order without shuffle, otherwise a permutation that depends only on (seed, epoch).
 * Augmentation randomness also depends only on (seed, epoch), and is drawn per sample
 * in batch order, so a run is reproducible regardless of timing.
 */
export class BatchLoader {
  readonly dataset: Dataset;
  /** Samples per epoch. */
  readonly count: number;
  readonly batchSize: number;
  readonly sampleShape: number[];
  /** Floats per sample. */
  readonly sampleSize: number;
  readonly transform: SampleTransform;
  private readonly order: Int32Array;
  private readonly opts: LoaderOptions;
  private full?: Buffers;
  private tail?: Buffers;
  /** The whole dataset normalised (see PRENORMALISE_MAX_BYTES), made on first use; null: not applicable. */
  private normalised?: Float32Array | null;

  constructor(source: DataSource, batchSize: number, opts: LoaderOptions) {
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new DataError('bad_option', `batch size must be a positive integer, got ${batchSize}`);
    }
    this.dataset = sourceDataset(source);
    this.order = sourceIndices(source);
    this.count = this.order.length;
    for (let i = 0; i < this.count; i++) {
      const k = this.order[i];
      if (!(k >= 0 && k < this.dataset.count)) {
        throw new DataError('bad_option', `subset index ${k} is outside dataset '${this.dataset.name}' (${this.dataset.count} samples)`);
      }
    }
    this.batchSize = batchSize;
    this.sampleShape = this.dataset.sampleShape.slice();
    this.sampleSize = numel(this.sampleShape);
    this.opts = opts;
    this.transform = new SampleTransform(this.sampleShape, this.dataset.images instanceof Uint8Array, {
      normalize: opts.normalize ?? null,
      augment: opts.augment,
    });
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.count / this.batchSize);
  }

  /** Sample order for epoch `e` (a fresh array). */
  epochOrder(e: number): Int32Array {
    const order = this.order.slice();
    if (this.opts.shuffle) this.epochRng(e, 0).shuffle(order);
    return order;
  }

  /** Yields the batches of epoch `e`. See LoaderOptions.reuseBuffers for buffer ownership. */
  *epoch(e: number): Generator<Batch, void, undefined> {
    const order = this.epochOrder(e);
    const augRng = this.transform.augments ? this.epochRng(e, 1) : undefined;
    for (let start = 0; start < order.length; start += this.batchSize) {
      const size = Math.min(this.batchSize, order.length - start);
      const buf = this.buffers(size);
      buf.indices.set(order.subarray(start, start + size));
      this.fill(buf, size, augRng);
      yield { x: buf.x, y: buf.y, size, indices: buf.indices };
    }
  }

  /** Independent streams per epoch: 0 = shuffle order, 1 = augmentation. */
  private epochRng(e: number, stream: number): Rng {
    return new Rng(this.opts.seed).fork(e + (this.opts.epochSeedOffset ?? 0)).fork(stream);
  }

  /**
   * Exact-size arrays for every batch (a short last batch gets its own set rather than a
   * subarray view), so consumers can hand `x.buffer` to ONNX Runtime without offsets.
   */
  private buffers(size: number): Buffers {
    if (this.opts.reuseBuffers === false) return this.alloc(size);
    if (size === this.batchSize) return (this.full ??= this.alloc(size));
    if (!this.tail || this.tail.indices.length !== size) this.tail = this.alloc(size);
    return this.tail;
  }

  /** Floats per target (regression), 0 for class labels. */
  get targetSize(): number {
    return this.dataset.targets ? numel(this.dataset.targetShape ?? [1]) : 0;
  }

  private alloc(size: number): Buffers {
    const raw = this.dataset.stream ? (this.dataset.images instanceof Uint8Array ? new Uint8Array(this.sampleSize) : new Float32Array(this.sampleSize)) : this.dataset.images;
    const x = new Float32Array(size * this.sampleSize);
    const indices = new Int32Array(size);
    if (this.dataset.targets) return { x, y: new Float32Array(size * this.targetSize), indices, raw };
    const y = new BigInt64Array(size);
    return { x, y, y32: new Int32Array(y.buffer), indices, raw };
  }

  private fill(buf: Buffers, size: number, rng: Rng | undefined): void {
    const ds = this.dataset;
    const { labels, targets } = ds;
    const n = this.sampleSize;
    const t = this.transform;
    const tn = this.targetSize;
    if (this.normalised === undefined) this.normalised = this.prenormalise();
    const pre = this.normalised;
    for (let i = 0; i < size; i++) {
      const idx = buf.indices[i];
      if (pre) {
        buf.x.set(pre.subarray(idx * n, idx * n + n), i * n);
      } else if (ds.stream) {
        ds.stream.read(idx, buf.raw as Uint8Array, 0);
        t.apply(buf.raw, 0, buf.x, i * n, rng);
      } else {
        t.apply(ds.images, idx * n, buf.x, i * n, rng);
      }
      if (targets) {
        (buf.y as Float32Array).set(targets.subarray(idx * tn, (idx + 1) * tn), i * tn);
      } else if (LITTLE_ENDIAN) {
        buf.y32![2 * i] = labels[idx];
        buf.y32![2 * i + 1] = 0; // labels are validated non-negative
      } else {
        (buf.y as BigInt64Array)[i] = BigInt(labels[idx]);
      }
    }
  }

  private prenormalise(): Float32Array | null {
    const ds = this.dataset;
    if (ds.stream || this.transform.augments || ds.images.length * 4 > PRENORMALISE_MAX_BYTES) return null;
    const key = JSON.stringify(this.opts.normalize ?? null);
    const byNorm = prenormalised.get(ds.images) ?? new Map<string, Float32Array>();
    prenormalised.set(ds.images, byNorm);
    let out = byNorm.get(key);
    if (!out) {
      const n = this.sampleSize;
      out = new Float32Array(ds.count * n);
      for (let k = 0; k < ds.count; k++) this.transform.apply(ds.images, k * n, out, k * n);
      byNorm.set(key, out);
    }
    return out;
  }
}
