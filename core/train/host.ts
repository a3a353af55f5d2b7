import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkDocument } from '../check/check';
import { bufferLayout, paramLayout, splitParams } from '../compile/paramLayout';
import type { TrainState } from '../runtime/trainState';
import type { ProjectDocument } from '../graph/document';
import type { SessionOptions } from '../runtime/session';
import type { DoneEvent, TrainEvent } from './events';
import type { WorkerInput, WorkerMessage } from './protocol';

export class TrainingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

export interface TrainingRunOptions {
  onEvent: (e: TrainEvent) => void;
  epochs?: number;
  steps?: number;
  initialParams?: Float32Array;
  session?: SessionOptions;
  /** Training steps fused into one run (ONNX Loop). */
  stepsPerRun?: number | 'auto';
}

export interface TrainingRunResult {
  done: DoneEvent;
  /** The run's final state: parameters, buffers, optimizer state, step. */
  state: TrainState;
  params: Float32Array;
  /**
   * Trained tensors by name, `<nodeId>.weight` / `<nodeId>.bias`, and buffers such as
   * `<nodeId>.running_mean`: PyTorch's state_dict keys.
   */
  weights: Map<string, Float32Array>;
}

export interface TrainingRun {
  stop(): void;
  finished: Promise<TrainingRunResult>;
}

/** Starts training in a worker thread; never blocks the caller. */
export function startTrainingRun(doc: ProjectDocument, opts: TrainingRunOptions): TrainingRun {
  const stopFlag = new SharedArrayBuffer(4);
  const run: ProjectDocument = opts.epochs ? { ...doc, training: { ...doc.training, epochs: opts.epochs } } : doc;
  const input: WorkerInput = { doc: run, maxSteps: opts.steps, initialParams: opts.initialParams, session: opts.session, stepsPerRun: opts.stepsPerRun, stopFlag };
  const worker = new Worker(workerScript(), { workerData: input });
  const finished = new Promise<TrainingRunResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'event') opts.onEvent(m.event);
      else if (m.type === 'result') {
        settled = true;
        resolve({ done: m.done, state: m.state, params: m.state.params, weights: stateDict(run, m.state) });
      } else {
        settled = true;
        opts.onEvent({ kind: 'error', code: m.code, message: m.message, nodeId: m.nodeId });
        reject(new TrainingError(m.code, m.message, m.nodeId));
      }
    });
    worker.on('error', (err) => {
      if (!settled) reject(new TrainingError('WORKER_CRASHED', `The training worker crashed: ${err.message}`));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new TrainingError('WORKER_CRASHED', `The training worker exited unexpectedly (code ${code})`));
      settled = true;
    });
  });
  finished.finally(() => void worker.terminate()).catch(() => {});
  return { stop: () => Atomics.store(new Int32Array(stopFlag), 0, 1), finished };
}

/** Parameters and buffers by name (PyTorch's state_dict), views into the state's vectors. */
export function stateDict(doc: ProjectDocument, state: Pick<TrainState, 'params' | 'buffers'>): Map<string, Float32Array> {
  const check = checkDocument(doc);
  return new Map([...splitParams(paramLayout(doc, check), state.params), ...splitParams(bufferLayout(doc, check), state.buffers)]);
}

/** The bundled worker lives beside the bundle that loads it (dist/), or in dist/ under the repo when run from sources. */
export function workerScript(name = 'train-worker.cjs'): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  const candidates = [
    process.env.WIREGRAD_DIST && path.join(process.env.WIREGRAD_DIST, name),
    path.join(here, name),
    path.join(here, '..', name),
    path.resolve(here, '..', '..', 'dist', name),
    path.resolve(process.cwd(), 'dist', name),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new TrainingError('WORKER_MISSING', `Cannot find ${name}; run "npm run build" first (looked in ${candidates.join(', ')})`);
  return found;
}
