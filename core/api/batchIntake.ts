import type { RunEvent, RunEventBatch } from './contract';

/** The next animation frame where there is one (a page), else the next turn of the event loop (Node clients). */
function nextFrame(cb: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  if (typeof raf === 'function') raf(cb);
  else setTimeout(cb, 0);
}

/**
 * The client half of eventBatcher's flow control, one for both transports (the WebSocket
 * client and the Electron preload): a batch's events go to the listeners at once, and the
 * batch is acked at the next animation frame, so the sender sends the next batch only
 * after this frame. The UI thread thus takes in at most one batch per frame, however long
 * its frames are (a busy page on a loaded machine had over ten per frame before), and a
 * hidden page, whose frames stop, is sent a batch per ACK_TIMEOUT_MS only.
 */
export function batchIntake(deliver: (e: RunEvent) => void, ack: (seq?: number) => void): (batch: RunEventBatch) => void {
  let scheduled = false;
  let last: number | undefined;
  const onFrame = () => {
    scheduled = false;
    ack(last);
  };
  return (batch) => {
    last = batch.seq;
    for (const event of batch.events) deliver({ runId: batch.runId, event });
    if (!scheduled) {
      scheduled = true;
      nextFrame(onFrame);
    }
  };
}
