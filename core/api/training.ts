/**
 * Training runs as seen by the API: ids, event fan-out to subscribers (IPC window or
 * WebSocket clients), and the last trained weights per graph so that "Export ONNX"
 * after training exports the trained model. The run itself is the core's worker.
 */

import { createHash, randomBytes } from 'node:crypto';
import type { ProjectDocument } from '../graph/document';
import type { TrainEvent } from '../train/events';
import type { RunEvent, StartedRun, TrainingOptions, Unsubscribe } from './contract';
import type { CoreDeps, TrainingHandle } from './deps';
import { toErrorData } from './errors';

/** Trained weights of this many graphs are kept; each MNIST MLP is ~0.4 MB, a ConvNet a few MB. */
const MAX_WEIGHT_SETS = 8;

/**
 * Identity of a graph for weight reuse: node ids, types, params and the wiring. Positions,
 * names and training hyper-parameters do not change the weights' meaning, so they are left out.
 */
export function graphKey(doc: ProjectDocument): string {
  const nodes = [...doc.nodes].map((n) => [n.id, n.type, sortKeys(n.params)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const edges = [...doc.edges].map((e) => [e.from.node, e.from.port, e.to.node, e.to.port].join('|')).sort();
  return createHash('sha256').update(JSON.stringify([nodes, edges])).digest('hex');
}

function sortKeys(o: Record<string, unknown>): [string, unknown][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k]]);
}

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

interface ActiveRun {
  handle: TrainingHandle;
  settled: Promise<void>;
}

export class TrainingManager {
  private listeners = new Set<(e: RunEvent) => void>();
  private runs = new Map<string, ActiveRun>();
  private weights = new Map<string, Map<string, Float32Array>>();

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

  async start(doc: ProjectDocument, opts: TrainingOptions = {}): Promise<StartedRun> {
    // One run at a time: runs compete for the same cores, and the UI shows one set of curves.
    await this.stopAll();
    const runId = `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const key = graphKey(doc);
    let terminal = false;
    // 'done' is held back until the weights are stored: a UI that exports on 'done' must
    // get the trained model, not race the worker's final message.
    let heldDone: TrainEvent | null = null;
    const handle = this.deps.startTrainingRun(doc, {
      epochs: opts.epochs,
      steps: opts.steps,
      onEvent: (e) => {
        if (e.kind === 'done') heldDone = e;
        else {
          if (e.kind === 'error') terminal = true;
          this.emit(runId, e);
        }
      },
    });
    const settled = handle.finished.then(
      ({ done, weights }) => {
        this.remember(key, weights);
        this.emit(runId, heldDone ?? done);
      },
      (err) => {
        if (heldDone) this.emit(runId, heldDone);
        else if (!terminal) this.emit(runId, { kind: 'error', ...toErrorData(err) });
      },
    );
    const run: ActiveRun = { handle, settled: settled.finally(() => this.runs.delete(runId)) };
    this.runs.set(runId, run);
    return { runId };
  }

  /** Resolves once the run has really finished (its weights are then available for export). */
  async stop(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return; // already finished: stopping is idempotent
    run.handle.stop();
    await run.settled;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.stop(id)));
  }

  trainedWeights(doc: ProjectDocument): Map<string, Float32Array> | undefined {
    return this.weights.get(graphKey(doc));
  }

  private remember(key: string, w: Map<string, Float32Array>): void {
    this.weights.delete(key);
    this.weights.set(key, w);
    while (this.weights.size > MAX_WEIGHT_SETS) this.weights.delete(this.weights.keys().next().value as string);
  }
}
