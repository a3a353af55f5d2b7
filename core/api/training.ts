/**
 * Training runs as seen by the API: ids, one run at a time, event fan-out to subscribers
 * (IPC window or WebSocket clients), and each finished run's result kept by run id, so
 * "Export ONNX" exports the weights of the run the user's project made, never those of
 * another project that happens to have the same graph. The run itself is the core's worker.
 */

import { graphKey } from '../project/graphKey';
import { saveProjectWeights } from '../project/projectWeights';
import { RunRecorder, runsDirFor } from '../runs/recorder';
import { newRunId } from '../runs/runId';
import type { Checkpoint } from '../train/checkpoint';
import type { ProjectDocument } from '../graph/document';
import type { DoneEvent, TrainEvent } from '../train/events';
import type { RunEvent, StartedRun, TrainingOptions, Unsubscribe } from './contract';
import type { CoreDeps, TrainingHandle } from './deps';
import { ApiError, toErrorData } from './errors';

/** Results of this many finished runs are kept; each MNIST MLP is ~0.4 MB, a ConvNet a few MB. */
const MAX_RESULTS = 8;

export { graphKey } from '../project/graphKey';

/** Typed arrays become plain arrays so the event survives JSON and structured clone alike. */
export function toWireEvent(e: TrainEvent): TrainEvent {
  if (e.kind !== 'done' || !e.test) return e;
  const t = e.test;
  return {
    ...e,
    test: {
      ...t,
      ...(t.predictions ? { predictions: Array.from(t.predictions) } : {}),
      ...(t.labels ? { labels: Array.from(t.labels) } : {}),
    },
  };
}

/** What a finished (completed or stopped) run leaves behind. Small on purpose: what export and a weights file need. */
export interface RunResult {
  runId: string;
  /** graphKey() of the document the run trained. */
  graph: string;
  /** Trained tensors named `<nodeId>.weight` / `<nodeId>.bias`. */
  weights: Map<string, Float32Array>;
  done: DoneEvent;
  finishedAt: string;
}

/** What the backend prepared (async: files read) for a run of a saved project. */
export interface PreparedRun {
  initialParams?: Float32Array;
  initialBuffers?: Float32Array;
  resume?: Checkpoint;
  /** Record the run in runs/ beside this project and save its weights beside it. */
  projectPath?: string;
  resumedFrom?: string;
}

interface ActiveRun {
  handle: TrainingHandle;
  settled: Promise<void>;
}

export class TrainingManager {
  private listeners = new Set<(e: RunEvent) => void>();
  /** At most one entry: the run in progress (starting, running or stopping). */
  private active = new Map<string, ActiveRun>();
  private results = new Map<string, RunResult>();

  constructor(private deps: CoreDeps) {}

  onEvent(cb: (e: RunEvent) => void): Unsubscribe {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private emit(runId: string, event: TrainEvent): void {
    const wire = toWireEvent(event);
    for (const cb of this.listeners) {
      try {
        cb({ runId, event: wire });
      } catch {
        // A broken subscriber (closed socket, destroyed window) must not stop the others.
      }
    }
  }

  /**
   * One run at a time: runs compete for the same cores, and the UI shows one set of curves.
   * Check and registration happen in one synchronous step, so concurrent calls cannot both
   * pass; the loser gets RUN_IN_PROGRESS (stop the run, or wait for its 'done').
   */
  start(doc: ProjectDocument, opts: TrainingOptions = {}, prep: PreparedRun = {}): StartedRun {
    const current = [...this.active.keys()][0];
    if (current) throw new ApiError('RUN_IN_PROGRESS', `A run is in progress (${current}); stop it or wait for it to finish before starting another`);
    const runId = newRunId();
    const graph = graphKey(doc);
    const trained = opts.epochs ? { ...doc, training: { ...doc.training, epochs: opts.epochs } } : doc;
    const project = prep.projectPath;
    const recorder = project ? RunRecorder.openSync(runsDirFor(project), trained, { id: runId, project, resumedFrom: prep.resumedFrom, origin: 'app' }) : undefined;
    let terminal = false;
    // 'done' is held back until the result is stored: a UI that exports on 'done' must
    // get the trained model, not race the worker's final message.
    let heldDone: TrainEvent | null = null;
    const launch = () => this.deps.startTrainingRun(doc, {
      epochs: opts.epochs,
      steps: opts.steps,
      initialParams: prep.initialParams,
      initialBuffers: prep.initialBuffers,
      resume: prep.resume,
      checkpointDir: recorder?.checkpointsDir,
      onEvent: (e) => {
        recorder?.handle(e);
        if (e.kind === 'done') heldDone = e;
        else {
          if (e.kind === 'error') terminal = true;
          this.emit(runId, e);
        }
      },
    });
    let handle: TrainingHandle;
    try {
      handle = launch();
    } catch (e) {
      // No runner (a missing worker bundle): the run folder says so instead of "running" forever.
      void recorder?.finish({ kind: 'error', message: (e as Error).message });
      throw e;
    }
    const settled = handle.finished.then(
      async ({ done, weights }) => {
        this.remember({ runId, graph, weights, done, finishedAt: new Date().toISOString() });
        // Kept before 'done' goes out, so a window that reopens the project finds them.
        await recorder?.finish(done).catch(() => {});
        if (project) await saveProjectWeights(project, trained, weights, { runId, data: done.data }).catch((e: Error) => this.emit(runId, { kind: 'error', code: 'WEIGHTS_NOT_SAVED', message: `The trained weights could not be saved beside the project: ${e.message}` }));
        this.emit(runId, heldDone ?? done);
      },
      async (err) => {
        await recorder?.finish({ kind: 'error', message: (err as Error)?.message ?? String(err) }).catch(() => {});
        if (heldDone) this.emit(runId, heldDone);
        else if (!terminal) this.emit(runId, { kind: 'error', ...toErrorData(err) });
      },
    );
    this.active.set(runId, { handle, settled: settled.finally(() => this.active.delete(runId)) });
    return { runId };
  }

  /** Resolves once the run has really finished (its result is then available for export). */
  async stop(runId: string): Promise<void> {
    const run = this.active.get(runId);
    if (!run) return; // already finished: stopping is idempotent
    run.handle.stop();
    await run.settled;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }

  /** A finished run's result, while it is among the last MAX_RESULTS. */
  result(runId: string): RunResult | undefined {
    return this.results.get(runId);
  }

  private remember(r: RunResult): void {
    this.results.set(r.runId, r);
    while (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value as string);
  }
}
