import type { RunEventBatch, WireTrainEvent } from './contract';

/**
 * How long step events wait to be sent together at most, and how often the page applies
 * them (renderer/training/runStore.ts reads this): four times a second. Sending more often
 * only woke the page for nothing (60 wake-ups a second cost the training it showed a few
 * per cent on 2 cores). At ten a second Chromium spent 3.6 CPU-s of a 21-s LeNet run
 * drawing (scripts/ui-bench.ts --no-frame-loop); at four, with batches sent as often, 1.0 s
 * of a 13-s one. With one single-threaded replica per core, every millisecond the page takes
 * from a core stalls both replicas.
 */
export const EVENT_BATCH_MS = 250;
/** A client that acks but has not acked the last batch for this long gets the next one anyway. */
export const ACK_TIMEOUT_MS = 1000;

export interface EventBatcher {
  push(runId: string, event: WireTrainEvent): void;
  /**
   * The client has taken batch `seq` in: the next may go. The first ack turns flow control on.
   * An ack for a batch that is no longer the one in flight (it came after ACK_TIMEOUT_MS had
   * already let the next go) is ignored: releasing that next batch too would put two batches in
   * one of the client's frames. An ack without a seq releases whatever is in flight.
   */
  ack(seq?: number): void;
  close(): void;
}

/**
 * Coalesces a run's step events into batches, one code path for both transports (the web
 * server's WebSocket per client, Electron main's IPC to its window). The MLP makes thousands
 * of steps a second; one message per step cost a JSON encoding or structured clone and a
 * wake-up of the page each, and flooded the page (over 300 messages in one frame were
 * measured).
 *
 * Flow control: a client that acks (the shipped ones do, once per animation frame,
 * core/api/batchIntake.ts) gets the next batch only after it acked the last, so its UI
 * thread receives at most one batch per frame however long its frames are; events wait
 * here meanwhile. A client that never acks gets a batch per EVENT_BATCH_MS.
 *
 * Step events wait up to `ms` to go together; any other event (start, epoch, done, error)
 * or another run's first event goes as soon as the client may take it, behind the events
 * before it, so the order is kept.
 */
export function eventBatcher(send: (batch: RunEventBatch) => void, opts: { ms?: number; ackTimeoutMs?: number } = {}): EventBatcher {
  const ms = opts.ms ?? EVENT_BATCH_MS;
  const ackTimeoutMs = opts.ackTimeoutMs ?? ACK_TIMEOUT_MS;
  let pending: RunEventBatch[] = [];
  let firstAt = 0;
  let urgent = false;
  let acking = false;
  let inFlight = false;
  let seq = 0;
  let closed = false;
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;

  function schedule(): void {
    if (closed || inFlight || !pending.length) return;
    const wait = urgent ? 0 : firstAt + ms - Date.now();
    if (wait <= 0) flush();
    else
      batchTimer ??= setTimeout(() => {
        batchTimer = undefined;
        schedule();
      }, wait);
  }

  function flush(): void {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    // Under flow control one batch per ack, even where a run ended and the next began meanwhile.
    const batches = acking ? pending.splice(0, 1) : pending.splice(0);
    urgent = pending.length > 0;
    for (const b of batches) send({ ...b, seq: ++seq });
    if (acking) {
      inFlight = true;
      ackTimer = setTimeout(release, ackTimeoutMs);
    }
  }

  function release(): void {
    clearTimeout(ackTimer);
    ackTimer = undefined;
    inFlight = false;
    schedule();
  }

  return {
    push(runId, event) {
      if (closed) return;
      if (!pending.length) firstAt = Date.now();
      const last = pending.at(-1);
      if (last?.runId === runId) last.events.push(event);
      else {
        pending.push({ runId, events: [event] });
        if (last) urgent = true;
      }
      if (event.kind !== 'step') urgent = true;
      schedule();
    },
    ack(taken) {
      if (acking && inFlight && taken !== undefined && taken !== seq) return;
      acking = true;
      release();
    },
    close() {
      closed = true;
      clearTimeout(batchTimer);
      clearTimeout(ackTimer);
      pending = [];
    },
  };
}
