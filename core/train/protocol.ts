import type { ProjectDocument } from '../graph/document';
import type { SessionOptions } from '../runtime/session';
import type { TrainState } from '../runtime/trainState';
import type { DoneEvent, TrainEvent } from './events';
import type { Checkpoint } from './checkpoint';

export interface WorkerInput {
  doc: ProjectDocument;
  maxSteps?: number;
  initialParams?: Float32Array;
  initialBuffers?: Float32Array;
  /** Continue this checkpoint exactly (read and checked by the caller). */
  resume?: Checkpoint;
  /** Write last.wiregrad.ckpt after every epoch and best.wiregrad.ckpt after the best one here. */
  checkpointDir?: string;
  session?: SessionOptions;
  stepsPerRun?: number | 'auto';
  /**
   * Thread runners only: Int32Array(1) over a SharedArrayBuffer, 1 = stop requested, so a
   * stop is seen between steps even while the runner's event loop is busy. Process runners
   * get a 'stop' message instead.
   */
  stopFlag?: SharedArrayBuffer;
}

export type ToRunner = { type: 'start'; input: WorkerInput } | { type: 'stop' };

export type WorkerMessage =
  /** Progress, batched: at most one message per ~16 ms of training (see worker.ts). */
  | { type: 'events'; events: TrainEvent[] }
  | { type: 'result'; done: DoneEvent; state: TrainState }
  | { type: 'error'; code: string; message: string; nodeId?: string };
