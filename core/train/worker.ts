/**
 * Training worker thread: runs the trainer off the caller's thread (ORT's run() blocks the
 * thread it is called on) and streams events back. Stop requests arrive through a shared
 * flag so they are seen between steps even while the event loop is busy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { train } from './trainer';
import type { WorkerInput, WorkerMessage } from './protocol';

const input = workerData as WorkerInput;
const stopFlag = new Int32Array(input.stopFlag);
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer);

train(input.doc, {
  maxSteps: input.maxSteps,
  initialParams: input.initialParams,
  shouldStop: () => Atomics.load(stopFlag, 0) === 1,
  onEvent: (event) => post({ type: 'event', event }),
  session: input.session,
  stepsPerRun: input.stepsPerRun,
})
  .then((r) => post({ type: 'result', done: r.done, state: r.state }))
  .catch((err: Error & { code?: string; nodeId?: string }) =>
    post({ type: 'error', code: err.code ?? 'TRAIN_FAILED', message: err.message, nodeId: err.nodeId }),
  );
