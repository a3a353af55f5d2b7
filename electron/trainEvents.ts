/**
 * Main → window: a run's events, coalesced and flow-controlled by the same batcher as the
 * web server's WebSocket (core/api/eventBatcher.ts); the preload acks each batch at the
 * next animation frame (core/api/batchIntake.ts). One IPC message per step had the page
 * take in hundreds of messages a frame from a fast MLP.
 */

import { IPC_TRAIN_ACK, IPC_TRAIN_EVENT, type RunEvent, type Unsubscribe } from '../core/api/contract';
import { eventBatcher } from '../core/api/eventBatcher';
import { isAppUrl } from './appUrl';
import type { IpcMainInvokeEventLike, IpcMainLike } from './electronTypes';
import { senderProblem } from './ipc';

export function forwardTrainEvents(
  backend: { onTrainEvent(cb: (e: RunEvent) => void): Unsubscribe },
  ipcMain: IpcMainLike,
  send: (channel: string, payload: unknown) => void,
  opts: { isTrustedUrl?: (url: string) => boolean } = {},
): () => void {
  const batcher = eventBatcher((b) => send(IPC_TRAIN_EVENT, b));
  const off = backend.onTrainEvent((e) => batcher.push(e.runId, e.event));
  const trusted = opts.isTrustedUrl ?? isAppUrl;
  // An ack from anywhere but the app's page is ignored: it could only speed the flow up again.
  ipcMain.handle(IPC_TRAIN_ACK, (event: IpcMainInvokeEventLike, seq?: unknown) => {
    if (!senderProblem(event, trusted)) batcher.ack(Number.isSafeInteger(seq) ? (seq as number) : undefined);
    return null;
  });
  return () => {
    off();
    batcher.close();
    ipcMain.removeHandler(IPC_TRAIN_ACK);
  };
}
