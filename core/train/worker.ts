/**
 * The training runner: runs the trainer off the caller's thread (ORT's run() blocks the
 * thread it is called on) and streams events back. It runs as a worker thread or as a child
 * process (./launcher.ts); both receive a 'start' message with the run's input. Progress is
 * batched so the receiving side gets at most one message per BATCH_MS of training however
 * fast the steps are (the MLP does several thousand steps per second).
 */
import { parentPort } from 'node:worker_threads';
import { train } from './trainer';
import type { ToRunner, WorkerMessage } from './protocol';
import type { TrainEvent } from './events';
import { checkpointWriter } from './checkpoint';

// 20 a second: enough for the CLI's progress bar and above the page's four (core/api/eventBatcher.ts);
// every message wakes the backend on a machine whose cores the training needs.
const BATCH_MS = 50;

interface ParentLink {
  post(m: WorkerMessage): void;
  onMessage(cb: (m: ToRunner) => void): void;
}

/** Electron's utility process has process.parentPort; a forked Node process has process.send. */
function parentLink(): ParentLink {
  if (parentPort) return { post: (m) => parentPort!.postMessage(m), onMessage: (cb) => parentPort!.on('message', cb) };
  const utility = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', cb: (e: { data: unknown }) => void): void } }).parentPort;
  if (utility) return { post: (m) => utility.postMessage(m), onMessage: (cb) => utility.on('message', (e) => cb(e.data as ToRunner)) };
  if (process.send) return { post: (m) => process.send!(m), onMessage: (cb) => process.on('message', (m) => cb(m as ToRunner)) };
  throw new Error('the training runner must be started as a worker thread or a child process');
}

const link = parentLink();
let stopRequested = false;
let stopFlag: Int32Array | null = null;
let pending: TrainEvent[] = [];
let lastFlush = 0;

function flush(): void {
  if (!pending.length) return;
  link.post({ type: 'events', events: pending });
  pending = [];
  lastFlush = performance.now();
}

function emit(event: TrainEvent): void {
  pending.push(event);
  if (event.kind !== 'step' || performance.now() - lastFlush >= BATCH_MS) flush();
}

link.onMessage((m) => {
  if (m.type === 'stop') stopRequested = true;
  if (m.type !== 'start') return;
  const input = m.input;
  if (input.stopFlag) stopFlag = new Int32Array(input.stopFlag);
  train(input.doc, {
    maxSteps: input.maxSteps,
    initialParams: input.initialParams,
    initialBuffers: input.initialBuffers,
    resume: input.resume,
    onEpochEnd: input.checkpointDir ? checkpointWriter(input.doc, input.checkpointDir) : undefined,
    shouldStop: () => stopRequested || (stopFlag !== null && Atomics.load(stopFlag, 0) === 1),
    onEvent: emit,
    session: input.session,
    stepsPerRun: input.stepsPerRun,
  })
    .then((r) => {
      flush();
      link.post({ type: 'result', done: r.done, state: r.state });
    })
    .catch((err: Error & { code?: string; nodeId?: string }) => {
      flush();
      link.post({ type: 'error', code: err.code ?? 'TRAIN_FAILED', message: err.message, nodeId: err.nodeId });
    });
});
