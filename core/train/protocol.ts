import type { ProjectDocument } from '../graph/document';
import type { SessionOptions } from '../runtime/session';
import type { DoneEvent, TrainEvent } from './events';
import type { TrainState } from '../runtime/trainState';

export interface WorkerInput {
  doc: ProjectDocument;
  maxSteps?: number;
  initialParams?: Float32Array;
  session?: SessionOptions;
  stepsPerRun?: number | 'auto';
  /** Int32Array(1) over a SharedArrayBuffer: 1 = stop requested. */
  stopFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; done: DoneEvent; state: TrainState }
  | { type: 'error'; code: string; message: string; nodeId?: string };
