import fs from 'node:fs';
import path from 'node:path';
import { checkDocument } from '../check/check';
import { bufferLayout, paramLayout, splitParams, vectorFromWeights } from '../compile/paramLayout';
import type { TrainState } from '../runtime/trainState';
import type { ProjectDocument } from '../graph/document';
import type { SessionOptions } from '../runtime/session';
import type { DoneEvent, TrainEvent } from './events';
import type { Checkpoint } from './checkpoint';
import { threadLauncher, type RunLauncher } from './launcher';
import type { ToRunner, WorkerInput, WorkerMessage } from './protocol';

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
  /** With initialParams: start from trained buffers too ("continue training" from the project's weights). */
  initialBuffers?: Float32Array;
  /** Continue this checkpoint exactly (./checkpoint.ts readCheckpoint). */
  resume?: Checkpoint;
  /** Keep last and best checkpoints in this folder. */
  checkpointDir?: string;
  /**
   * Start from these tensors by state_dict name (the project weights file: imported or
   * earlier trained weights), parameters and buffers both; initialParams wins for parameters.
   */
  initialWeights?: ReadonlyMap<string, Float32Array>;
  session?: SessionOptions;
  /** Training steps fused into one run (ONNX Loop). */
  stepsPerRun?: number | 'auto';
  /**
   * Where the run executes (./launcher.ts): a worker thread (default, the CLI) or a child
   * process that Stop can end at any moment, even while a session is being built (the app).
   */
  launcher?: RunLauncher;
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

/**
 * How long a stopped run that is training gets to finish its current step and report its
 * weights before it is killed (a step, or building the session for the last short batch,
 * can take a while on a big model).
 */
const STOP_GRACE_MS = 10_000;

/**
 * Starts training in a runner (thread or process); never blocks the caller. Stop before
 * training has started (data loading, compiling, session creation) ends a killable runner at
 * once: nothing is lost, no step has run. Stop during training finishes the current step, so
 * the trained weights come back.
 */
export function startTrainingRun(doc: ProjectDocument, opts: TrainingRunOptions): TrainingRun {
  const launch = opts.launcher ?? threadLauncher;
  const run: ProjectDocument = opts.epochs ? { ...doc, training: { ...doc.training, epochs: opts.epochs } } : doc;
  const channel = launch(workerScript());
  const stopFlag = channel.killable ? undefined : new SharedArrayBuffer(4);
  const initial = opts.initialWeights ? initialVectors(run, opts.initialWeights) : undefined;
  const input: WorkerInput = {
    doc: run, maxSteps: opts.steps, initialParams: opts.initialParams ?? initial?.params, initialBuffers: opts.initialBuffers ?? initial?.buffers,
    resume: opts.resume, checkpointDir: opts.checkpointDir, session: opts.session, stepsPerRun: opts.stepsPerRun, stopFlag,
  };
  let started = false;
  let settled = false;
  let stopRequested = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const finished = new Promise<TrainingRunResult>((resolve, reject) => {
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      f();
    };
    channel.onMessage((raw) => {
      const m = raw as WorkerMessage;
      if (m.type === 'events') {
        for (const e of m.events) {
          if (e.kind === 'start') started = true;
          opts.onEvent(e);
        }
      } else if (m.type === 'result') {
        settle(() => resolve({ done: m.done, state: m.state, params: m.state.params, weights: stateDict(run, m.state) }));
      } else {
        settle(() => {
          opts.onEvent({ kind: 'error', code: m.code, message: m.message, nodeId: m.nodeId });
          reject(new TrainingError(m.code, m.message, m.nodeId));
        });
      }
    });
    channel.onExit((code, why) => {
      const error = stopRequested
        ? new TrainingError('RUN_STOPPED', started ? 'The run was stopped; it did not finish its step in time, so its weights are lost' : 'The run was stopped before training started')
        : new TrainingError('WORKER_CRASHED', `The training runner ${why ? `crashed: ${why}` : `exited unexpectedly (code ${code})`}`);
      settle(() => reject(error));
    });
  });
  channel.send({ type: 'start', input } satisfies ToRunner);
  finished.finally(() => channel.kill()).catch(() => {});
  const stop = () => {
    if (settled || stopRequested) return;
    stopRequested = true;
    if (stopFlag) Atomics.store(new Int32Array(stopFlag), 0, 1);
    channel.send({ type: 'stop' } satisfies ToRunner);
    if (!channel.killable) return;
    if (!started) channel.kill();
    else killTimer = setTimeout(() => channel.kill(), STOP_GRACE_MS);
  };
  return { stop, finished };
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

/** The flat parameter and buffer vectors of named tensors (checked against the graph, names in errors). */
function initialVectors(doc: ProjectDocument, weights: ReadonlyMap<string, Float32Array>): { params: Float32Array; buffers: Float32Array } {
  const check = checkDocument(doc);
  return { params: vectorFromWeights(paramLayout(doc, check), weights), buffers: vectorFromWeights(bufferLayout(doc, check), weights) };
}
