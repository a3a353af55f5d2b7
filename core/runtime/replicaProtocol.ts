import type { ProjectDocument } from '../graph/document';
import type { SessionOptions } from './session';

/**
 * Messages between a ReplicaGroup and its replica workers. Only small control messages
 * travel through postMessage; parameters, optimizer state, batches and gradients live in
 * SharedArrayBuffers that both sides view.
 */
export interface ReplicaInit {
  index: number;
  /** Where it runs, e.g. "cpu:1" or "cuda:0"; used in error messages. */
  label: string;
  doc: ProjectDocument;
  session: SessionOptions;
  /** This replica's own parameter vector, mirrored after every update (kept bit-identical across replicas). */
  params: SharedArrayBuffer;
  /** This replica's optimizer state vectors by name, mirrored after every update (for checkpoints). */
  opt: Record<string, SharedArrayBuffer>;
  /**
   * The group's buffer vector (BatchNorm running statistics): every replica reads it, and
   * replica 0 writes its updated buffers back after each step — PyTorch DDP's
   * broadcast_buffers semantics (rank 0's buffers win).
   */
  buffers: SharedArrayBuffer;
  /**
   * This replica's randomness (Dropout masks): its own seed where replicas are devices of
   * their own (cpu:N, several GPUs: DDP's independent masks), or one seed shared by all
   * where they stand in for ONE device (plain "cpu").
   */
  rngSeed: number;
  /**
   * Whether the replicas share one stream: each shard then draws the noise of its samples'
   * places in the whole batch (fed as the rng offset), so losses do not depend on the split.
   */
  sharedStream: boolean;
  /** Number of replicas in the group. */
  count: number;
  /** Every replica's gradient slot (mean-loss gradient of its shard); this one writes slot `index`. */
  grads: SharedArrayBuffer[];
  /** The shard-size-weighted average of the slots; each replica fills its own part of it. */
  avgGrad: SharedArrayBuffer;
  /**
   * Int32Array(3): [0] barrier counter "my part of the average is written", [1] abort flag
   * (a replica failed), [2] barrier counter "my gradient slot is written".
   */
  control: SharedArrayBuffer;
  /** The global batch (x: float32 samples, y: int64 labels or float32 targets); each replica reads its shard. */
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
}

export type ToReplica =
  | { type: 'prepare'; id: number; sizes: number[] }
  /**
   * One data-parallel step in one round trip: compute this replica's shard gradient (size may
   * be 0) into its slot; wait until every slot is written (counter [2] reaches `target`);
   * average the slots of `used` replicas with `weights` over this replica's part of the vector;
   * wait until every part is written (counter [0] reaches `target`); apply the averaged
   * gradient as optimizer step `step`.
   */
  | { type: 'step'; id: number; offset: number; size: number; step: number; lr: number; used: number[]; weights: number[]; target: number }
  | { type: 'eval'; id: number; offset: number; size: number }
  | { type: 'data'; x: SharedArrayBuffer; y: SharedArrayBuffer }
  /**
   * Release the sessions and end the worker. Workers are never terminate()d while they may
   * be inside a session run: ORT's run is synchronous native code, and a thread torn down
   * under it aborts the whole process ("terminate called after throwing Napi::Error").
   */
  | { type: 'close' };

export type FromReplica =
  | { type: 'ready' }
  | { type: 'done'; id: number; loss?: number; correct?: number; prediction?: BigInt64Array }
  | { type: 'error'; id?: number; message: string };

/**
 * Test-only fault injection, read by replica workers from the environment:
 * WIREGRAD_TEST_REPLICA_FAIL="<replica>:<step>[:throw|crash|exit]" makes replica <replica>
 * fail on its <step>-th gradient computation (1-based): throw = a reported error (like a
 * provider error), crash = an uncaught exception, exit = the worker exits.
 */
export const FAULT_ENV = 'WIREGRAD_TEST_REPLICA_FAIL';

export interface FaultPlan {
  replica: number;
  step: number;
  mode: 'throw' | 'crash' | 'exit';
}

export function parseFaultPlan(text: string | undefined): FaultPlan | null {
  const m = /^(\d+):(\d+)(?::(throw|crash|exit))?$/.exec((text ?? '').trim());
  return m ? { replica: Number(m[1]), step: Number(m[2]), mode: (m[3] as FaultPlan['mode']) ?? 'throw' } : null;
}
