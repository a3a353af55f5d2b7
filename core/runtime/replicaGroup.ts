import { Worker } from 'node:worker_threads';
import type { CheckResult } from '../check/types';
import { inputShape, targetType } from '../compile/programs';
import type { ProjectDocument } from '../graph/document';
import { workerScript } from '../train/host';
import type { StepBlock, Targets } from './bind';
import type { TrainExecutor } from './executor';
import type { EvalResult, StepResult } from './modelRunner';
import type { FromReplica, ReplicaInit, ToReplica } from './replicaProtocol';
import type { SessionOptions } from './session';
import { replicaSeed, type TrainState } from './trainState';
import { numel } from '../ir/ir';

/** Where one replica runs. */
export interface ReplicaDevice {
  /** e.g. "cpu:0", "cuda:1": named in errors. */
  label: string;
  session: SessionOptions;
}

/** A replica failed (provider error, out of memory, crashed worker); the group is stopped. */
export class ReplicaError extends Error {
  readonly code = 'REPLICA_FAILED';
  constructor(
    readonly replica: number,
    readonly device: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReplicaError';
  }
}

function shareCopy(v: Float32Array): SharedArrayBuffer {
  const b = new SharedArrayBuffer(v.length * F32);
  new Float32Array(b).set(v);
  return b;
}

/** Splits a batch of `batch` samples into `n` contiguous shards as evenly as possible (earlier shards take the remainder). */
export function shardSizes(batch: number, n: number): number[] {
  const base = Math.floor(batch / n);
  const rem = batch % n;
  return Array.from({ length: n }, (_, i) => base + (i < rem ? 1 : 0));
}

interface Pending {
  resolve: (m: FromReplica & { type: 'done' }) => void;
  reject: (e: Error) => void;
}

interface Replica {
  index: number;
  device: ReplicaDevice;
  worker: Worker;
  /** Settles when the worker thread has ended, however it ended. */
  exited: Promise<void>;
  params: Float32Array;
  opt: Record<string, Float32Array>;
  pending: Map<number, Pending>;
}

const F32 = Float32Array.BYTES_PER_ELEMENT;
/** How long a replica gets to finish its current run and exit before it is terminated. */
const CLOSE_GRACE_MS = 60_000;

/**
 * Data-parallel training over N replicas, one worker thread per device. Per step the global
 * batch (in shared memory) is split into shards; each replica writes its shard's mean-loss
 * gradient into its shared slot; the coordinator averages the slots weighted by shard size
 * into one shared buffer; every replica then applies that same gradient with its own
 * 'update' session, so all replicas' parameters stay bit-identical. K fused steps are run
 * as K data-parallel steps (the ONNX Loop fusion is single-device only).
 */
export class ReplicaGroup implements TrainExecutor {
  /** K steps run as K data-parallel steps: the average happens between steps, outside ONNX. */
  readonly fusesSteps = false;
  readonly deviceLabel: string;
  private readonly replicas: Replica[] = [];
  private readonly control: Int32Array;
  private updates = 0;
  private x!: Float32Array;
  private y!: Targets;
  private readonly sampleSize: number;
  private readonly targetSize: number;
  private readonly floatTargets: boolean;
  private readonly buffers: Float32Array;
  private nextId = 1;
  private failure: ReplicaError | null = null;
  private released = false;
  private closing: Promise<void> | null = null;
  /** Optimizer updates applied so far. */
  step = 0;

  private constructor(
    doc: ProjectDocument,
    check: CheckResult,
    initial: TrainState,
    devices: ReplicaDevice[],
    label: string,
    runSeed: number,
    sharedStream: boolean,
  ) {
    this.deviceLabel = label;
    this.step = initial.step;
    const P = initial.params.length;
    this.sampleSize = numel(inputShape(doc));
    const target = targetType(doc, check);
    this.targetSize = numel(target.shape);
    this.floatTargets = target.dtype === 'float32';
    this.allocateData(Math.max(doc.training.batch_size, 1));
    const sharedBuffers = new SharedArrayBuffer(Math.max(1, initial.buffers.length) * F32);
    this.buffers = new Float32Array(sharedBuffers, 0, initial.buffers.length);
    this.buffers.set(initial.buffers);
    const avg = new SharedArrayBuffer(P * F32);
    const control = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    this.control = new Int32Array(control);
    const grads = devices.map(() => new SharedArrayBuffer(P * F32));
    const script = workerScript('replica-worker.cjs');
    devices.forEach((device, index) => {
      const params = shareCopy(initial.params);
      const opt = Object.fromEntries(Object.entries(initial.opt).map(([k, v]) => [k, shareCopy(v)]));
      const init: ReplicaInit = {
        index, count: devices.length, label: device.label, doc, session: device.session, params, opt, buffers: sharedBuffers,
        rngSeed: replicaSeed(runSeed, sharedStream ? 0 : index), sharedStream, grads, avgGrad: avg, control,
        x: this.x.buffer as SharedArrayBuffer, y: this.y.buffer as SharedArrayBuffer,
      };
      const worker = new Worker(script, { workerData: init });
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const r: Replica = {
        index, device, worker, exited, params: new Float32Array(params), pending: new Map(),
        opt: Object.fromEntries(Object.entries(opt).map(([k, b]) => [k, new Float32Array(b)])),
      };
      worker.on('message', (m: FromReplica) => this.onMessage(r, m));
      worker.on('error', (err) => this.fail(r, `crashed: ${err.message}`));
      worker.on('exit', (code) => {
        if (!this.released) this.fail(r, `crashed: its worker exited unexpectedly (code ${code})`);
      });
      this.replicas.push(r);
    });
  }

  /** Starts one worker per device and waits until each has compiled its update session. */
  static async create(doc: ProjectDocument, check: CheckResult, initial: TrainState, devices: ReplicaDevice[], label?: string, runSeed = doc.training.seed, sharedStream = false): Promise<ReplicaGroup> {
    const g = new ReplicaGroup(doc, check, initial, devices, label ?? devices.map((d) => d.label).join(','), runSeed, sharedStream);
    try {
      await Promise.all(g.replicas.map((r) => g.request(r, null)));
    } catch (e) {
      await g.release();
      throw e;
    }
    return g;
  }

  get size(): number {
    return this.replicas.length;
  }

  /** Replica 0's state (all replicas hold the same parameters and optimizer state), as private copies. */
  get state(): TrainState {
    const r = this.replicas[0];
    return {
      params: new Float32Array(r.params),
      buffers: new Float32Array(this.buffers),
      opt: Object.fromEntries(Object.entries(r.opt).map(([k, v]) => [k, new Float32Array(v)])),
      step: this.step,
    };
  }

  get params(): Float32Array {
    return new Float32Array(this.replicas[0].params);
  }

  /** Replica i's parameters (for checking that replicas stay identical). */
  replicaParams(i: number): Float32Array {
    return new Float32Array(this.replicas[i].params);
  }

  async prepare(batch: number, _k = 1): Promise<void> {
    const sizes = shardSizes(batch, this.size);
    await Promise.all(this.replicas.map((r, i) => (sizes[i] > 0 ? this.request(r, { type: 'prepare', id: 0, sizes: [sizes[i]] }) : null)));
  }

  async trainSteps(block: StepBlock, batch: number): Promise<StepResult[]> {
    const out: StepResult[] = [];
    const n = batch * this.sampleSize;
    const t = batch * this.targetSize;
    for (let i = 0; i < block.k; i++) {
      out.push(await this.trainStep(block.xs.subarray(i * n, (i + 1) * n), block.ys.subarray(i * t, (i + 1) * t), batch, block.lrs[i]));
    }
    return out;
  }

  async trainStep(x: Float32Array, y: Targets, batch: number, lr: number): Promise<StepResult> {
    this.load(x, y, batch);
    const sizes = shardSizes(batch, this.size);
    const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    // Weighted by shard size: Σ (n_i / N) · mean-grad_i is the full batch's mean-loss gradient.
    // The replicas average it in shared memory, each its own part (see replicaWorker).
    const used = sizes.flatMap((s, i) => (s > 0 ? [i] : []));
    const weights = used.map((i) => sizes[i] / batch);
    const target = ++this.updates * this.size;
    const replies = await Promise.all(
      this.replicas.map((r, i) => this.request(r, { type: 'step', id: 0, offset: offsets[i], size: sizes[i], step: this.step, lr, used, weights, target })),
    );
    let loss = 0;
    let correct = 0;
    replies.forEach((m, i) => {
      if (!m || sizes[i] === 0) return;
      loss += (sizes[i] / batch) * m.loss!;
      correct += m.correct!;
    });
    this.step++;
    return { loss, correct };
  }

  /** Evaluation is sharded the same way; per-sample predictions are concatenated in order. */
  async evaluate(x: Float32Array, y: Targets, batch: number): Promise<EvalResult> {
    this.load(x, y, batch);
    const sizes = shardSizes(batch, this.size);
    let offset = 0;
    const replies = await Promise.all(
      this.replicas.map((r, i) => {
        const o = offset;
        offset += sizes[i];
        return sizes[i] > 0 ? this.request(r, { type: 'eval', id: 0, offset: o, size: sizes[i] }) : null;
      }),
    );
    let loss = 0;
    let correct = 0;
    const parts = replies.filter((m): m is NonNullable<typeof m> => !!m);
    const prediction = parts.every((m) => m.prediction) ? new BigInt64Array(batch) : undefined;
    let p = 0;
    replies.forEach((m, i) => {
      if (!m) return;
      loss += (sizes[i] / batch) * m.loss!;
      correct += m.correct!;
      if (prediction) {
        prediction.set(m.prediction!, p);
        p += sizes[i];
      }
    });
    return { loss, correct, prediction };
  }

  /** Ends every replica worker once it has finished what it is running; resolves when all have exited. */
  release(): Promise<void> {
    this.released = true;
    return (this.closing ??= this.closeWorkers());
  }

  private async closeWorkers(): Promise<void> {
    Atomics.store(this.control, 1, 1); // replicas waiting at a barrier give up
    Atomics.notify(this.control, 0);
    Atomics.notify(this.control, 2);
    await Promise.all(
      this.replicas.map(async (r) => {
        r.worker.postMessage({ type: 'close' } satisfies ToReplica); // a no-op once the worker has exited
        // Last resort for a replica stuck in native code: terminating it may abort the
        // process (see the 'close' message), so wait generously first.
        const stuck = setTimeout(() => void r.worker.terminate(), CLOSE_GRACE_MS);
        await r.exited;
        clearTimeout(stuck);
      }),
    );
  }

  /** Copies the batch into the shared buffer every replica reads its shard from. */
  private load(x: Float32Array, y: Targets, batch: number): void {
    if (batch * this.targetSize > this.y.length) {
      this.allocateData(batch);
      for (const r of this.replicas) this.post(r, { type: 'data', x: this.x.buffer as SharedArrayBuffer, y: this.y.buffer as SharedArrayBuffer });
    }
    this.x.set(x.subarray(0, batch * this.sampleSize));
    (this.y as Float32Array).set((y as Float32Array).subarray(0, batch * this.targetSize));
  }

  private allocateData(batch: number): void {
    this.x = new Float32Array(new SharedArrayBuffer(batch * this.sampleSize * F32));
    const n = batch * this.targetSize;
    this.y = this.floatTargets ? new Float32Array(new SharedArrayBuffer(n * F32)) : new BigInt64Array(new SharedArrayBuffer(n * BigInt64Array.BYTES_PER_ELEMENT));
  }

  private post(r: Replica, m: ToReplica): void {
    if (this.failure) throw this.failure;
    r.worker.postMessage(m);
  }

  /** Sends a request and waits for its answer; `null` waits for the worker's "ready". */
  private request(r: Replica, m: ToReplica | null): Promise<FromReplica & { type: 'done' }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = m ? this.nextId++ : 0;
    const p = new Promise<FromReplica & { type: 'done' }>((resolve, reject) => r.pending.set(id, { resolve, reject }));
    if (m) this.post(r, { ...m, id } as ToReplica);
    return p;
  }

  private onMessage(r: Replica, m: FromReplica): void {
    if (m.type === 'error') return this.fail(r, `failed: ${m.message}`);
    const id = m.type === 'ready' ? 0 : m.id;
    const p = r.pending.get(id);
    r.pending.delete(id);
    p?.resolve(m.type === 'ready' ? { type: 'done', id: 0 } : m);
  }

  /** The first failure stops every replica and fails every pending and later request. */
  private fail(r: Replica, what: string): void {
    if (this.failure || this.released) return;
    this.failure = new ReplicaError(r.index, r.device.label, `replica ${r.index} (${r.device.label}) ${what}`);
    for (const q of this.replicas) {
      for (const p of q.pending.values()) p.reject(this.failure);
      q.pending.clear();
    }
    void this.release();
  }
}

