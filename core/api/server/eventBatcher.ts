import type { ServerMessage, WireTrainEvent } from '../contract';

/** How often step events go out to one socket at most: about one animation frame. */
export const EVENT_BATCH_MS = 16;

/**
 * Coalesces a run's step events into one WebSocket message per EVENT_BATCH_MS: the MLP makes
 * thousands of steps a second, and one message per step cost the server a JSON encoding and a
 * socket write each and flooded the page (over 300 messages in one frame were measured). Any
 * other event (start, epoch, done, error) goes out at once, behind the steps before it, so
 * the order is kept.
 */
export function eventBatcher(send: (m: ServerMessage) => void, ms = EVENT_BATCH_MS): { push(runId: string, event: WireTrainEvent): void; close(): void } {
  let runId = '';
  let pending: WireTrainEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const events = pending;
    pending = [];
    send({ type: 'train-batch', runId, events });
  };
  return {
    push(id, event) {
      if (id !== runId) flush();
      runId = id;
      pending.push(event);
      if (event.kind !== 'step') flush();
      else timer ??= setTimeout(flush, ms);
    },
    close() {
      clearTimeout(timer);
      pending = [];
    },
  };
}
