/**
 * Prefetching: batches are made in a data worker thread (dist/data-worker.cjs) into a ring
 * of shared slots while the training thread runs ONNX Runtime (whose run() blocks the
 * thread it is called on), so a step finds its batch ready. The worker runs the same
 * BatchLoader over the same shared samples, so batches are identical to in-thread loading:
 * order and augmentation depend only on (seed, epoch). Across an epoch boundary the worker
 * simply carries on with the next epoch, so there is no bubble between epochs either.
 */
import { Worker } from 'node:worker_threads';
import type { Dataset } from './dataset';
import { BatchLoader, sourceDataset, sourceIndices, type Batch, type DataSource, type LoaderOptions } from './loader';
import type { PrefetchInit } from './prefetchProtocol';
import { EMPTY, FULL } from './prefetchProtocol';

/** What the trainer iterates: BatchLoader (in thread) or PrefetchLoader (worker). */
export interface BatchSource {
  readonly dataset: Dataset;
  readonly count: number;
  readonly batchSize: number;
  readonly sampleSize: number;
  readonly stepsPerEpoch: number;
  epoch(e: number): AsyncIterable<Batch> | Iterable<Batch>;
  /** Milliseconds consumers waited for batches, per epoch (prefetching loaders). */
  readonly waitMs?: number[];
  close?(): void;
}

const SLOTS = 4;

// Node 16+ has Atomics.waitAsync; the ES2022 lib this project targets does not declare it.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

function shared<T extends Uint8Array | Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer, o: number, n: number) => T;
  const out = new Ctor(new SharedArrayBuffer(Math.max(a.byteLength, 1)), 0, a.length);
  out.set(a as never);
  return out;
}

export class PrefetchLoader implements BatchSource {
  readonly dataset: Dataset;
  readonly count: number;
  readonly batchSize: number;
  readonly sampleSize: number;
  readonly stepsPerEpoch: number;
  /** Milliseconds the consumer waited for a batch that was not ready yet, per epoch. */
  readonly waitMs: number[] = [];
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly control: Int32Array;
  private readonly meta: Int32Array;
  private readonly x: Float32Array[];
  private readonly y: (BigInt64Array | Float32Array)[];
  private readonly indices: Int32Array[];
  private readonly short: Float32Array;
  /** Ring position of the next batch, and the epoch/batch it should be. */
  private pos = 0;
  private nextEpoch = -1;
  private failure: Error | undefined;

  constructor(source: DataSource, batchSize: number, opts: LoaderOptions, script: string) {
    // Validates options and gives the sizes; the worker builds its own twin over shared memory.
    const probe = new BatchLoader(source, batchSize, opts);
    this.dataset = probe.dataset;
    this.count = probe.count;
    this.batchSize = batchSize;
    this.sampleSize = probe.sampleSize;
    this.stepsPerEpoch = probe.stepsPerEpoch;
    const ds = sourceDataset(source);
    const targetSize = probe.targetSize;
    this.state = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
    this.control = new Int32Array(new SharedArrayBuffer(4 * 4));
    this.meta = new Int32Array(new SharedArrayBuffer(4 * 3 * SLOTS));
    this.x = Array.from({ length: SLOTS }, () => new Float32Array(new SharedArrayBuffer(4 * batchSize * this.sampleSize)));
    this.y = Array.from({ length: SLOTS }, () => (targetSize ? new Float32Array(new SharedArrayBuffer(4 * batchSize * targetSize)) : new BigInt64Array(new SharedArrayBuffer(8 * batchSize))));
    this.indices = Array.from({ length: SLOTS }, () => new Int32Array(new SharedArrayBuffer(4 * batchSize)));
    const tail = this.count % batchSize;
    this.short = new Float32Array(tail * this.sampleSize);
    const init: PrefetchInit = {
      dataset: {
        ...ds,
        images: ds.stream ? ds.images : shared(ds.images),
        labels: shared(ds.labels),
        targets: ds.targets ? shared(ds.targets) : undefined,
        stream: undefined,
        streamFile: ds.stream?.file,
        streamSlots: ds.stream?.slots,
      },
      indices: shared(sourceIndices(source)),
      batchSize,
      opts: { ...opts, reuseBuffers: true },
      state: this.state,
      control: this.control,
      meta: this.meta,
      x: this.x,
      y: this.y,
      slotIndices: this.indices,
    };
    this.worker = new Worker(script, { workerData: init });
    // Referenced: an Atomics.waitAsync promise alone does not keep a thread alive. close() ends it.
    this.worker.on('error', (e) => (this.failure = e));
  }

  /** Restarts the worker's stream at epoch `e` (first use, or after a partial epoch). */
  private restart(e: number): void {
    Atomics.add(this.control, 0, 1); // generation
    Atomics.store(this.control, 1, e); // start epoch
    for (let i = 0; i < SLOTS; i++) Atomics.store(this.state, i, EMPTY);
    Atomics.notify(this.state, 0);
    Atomics.notify(this.control, 0);
    for (let i = 0; i < SLOTS; i++) Atomics.notify(this.state, i);
    this.pos = 0;
  }

  async *epoch(e: number): AsyncGenerator<Batch, void, undefined> {
    if (this.nextEpoch !== e) this.restart(e);
    this.nextEpoch = -1; // unknown position until the epoch is read to its end
    const gen = Atomics.load(this.control, 0);
    let waited = 0;
    let held = -1;
    try {
      for (let b = 0; b < this.stepsPerEpoch; b++) {
        const slot = this.pos % SLOTS;
        const t = performance.now();
        for (;;) {
          while (Atomics.load(this.state, slot) !== FULL) {
            if (this.failure) throw this.failure;
            const w = waitAsync(this.state, slot, EMPTY, 1000);
            if (w.async) await w.value;
          }
          // A batch the worker finished just as a restart happened belongs to the old stream: drop it.
          if (this.meta[3 * slot] === gen) break;
          this.release(slot);
        }
        waited += performance.now() - t;
        const [epoch, size] = [this.meta[3 * slot + 1], this.meta[3 * slot + 2]];
        if (epoch !== e) throw new Error(`prefetch out of step: slot holds epoch ${epoch}, expected ${e}`);
        held = slot;
        let x = this.x[slot];
        let y: BigInt64Array | Float32Array = this.y[slot];
        if (size !== this.batchSize) {
          // Exact-size arrays for the short last batch, as BatchLoader gives.
          this.short.set(x.subarray(0, size * this.sampleSize));
          x = this.short;
          y = y.slice(0, (y.length / this.batchSize) * size);
        }
        yield { x, y, size, indices: this.indices[slot].subarray(0, size) };
        this.release(slot);
        held = -1;
        this.pos++;
      }
      this.nextEpoch = e + 1;
    } finally {
      if (held >= 0) {
        this.release(held);
        this.pos++;
      }
      this.waitMs[e] = (this.waitMs[e] ?? 0) + waited;
    }
  }

  private release(slot: number): void {
    Atomics.store(this.state, slot, EMPTY);
    Atomics.notify(this.state, slot);
  }

  close(): void {
    void this.worker.terminate();
  }
}
