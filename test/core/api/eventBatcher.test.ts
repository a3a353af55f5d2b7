import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunEventBatch, WireTrainEvent } from '../../../core/api/contract';
import { parseAck } from '../../../core/api/contract';
import { ACK_TIMEOUT_MS, EVENT_BATCH_MS, eventBatcher } from '../../../core/api/eventBatcher';

const step = (n: number) => ({ kind: 'step', step: n, epoch: 1, loss: 1 / n, samplesPerSec: 1, elapsedSec: n, etaSec: 0 }) as unknown as WireTrainEvent;
const epoch = { kind: 'epoch', epoch: 1, step: 3, train_loss: 0.5, samples_per_s: 1, elapsedSec: 3 } as unknown as WireTrainEvent;
const steps = (b: RunEventBatch) => b.events.map((e) => (e as { step: number }).step);

describe('eventBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst of step events as one batch after EVENT_BATCH_MS, in order', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    for (let i = 1; i <= 50; i++) b.push('r1', step(i));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0].runId).toBe('r1');
    expect(steps(sent[0])).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('sends any other event at once, behind the steps before it', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.push('r1', step(1));
    b.push('r1', step(2));
    b.push('r1', epoch);
    expect(sent).toHaveLength(1);
    expect(sent[0].events.map((e) => e.kind)).toEqual(['step', 'step', 'epoch']);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1); // nothing left behind
  });

  it('keeps runs apart and sends nothing after close', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.push('r1', step(1));
    b.push('r2', step(1));
    expect(sent.map((m) => m.runId)).toEqual(['r1', 'r2']);
    b.push('r2', step(2));
    b.close();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
  });

  it('once the client acks, holds every later batch until the last one is acked', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.ack(); // the client says it acks before anything was sent
    b.push('r1', step(1));
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    expect(sent).toHaveLength(1);
    // A long frame on the client: steps and even an epoch event wait for its ack.
    for (let i = 2; i <= 40; i++) {
      b.push('r1', step(i));
      vi.advanceTimersByTime(5);
    }
    b.push('r1', epoch);
    expect(sent).toHaveLength(1);
    b.ack();
    expect(sent).toHaveLength(2);
    expect(sent[1].events).toHaveLength(40);
    expect(sent[1].events.at(-1)).toBe(epoch);
    // Two runs' events waiting: one batch per ack.
    b.push('r1', step(41));
    b.push('r2', step(1));
    b.ack();
    expect(sent.map((m) => m.runId)).toEqual(['r1', 'r1', 'r1']);
    b.ack();
    expect(sent.map((m) => m.runId)).toEqual(['r1', 'r1', 'r1', 'r2']);
  });

  it('sends to a client that stopped acking (a hidden page) once per ACK_TIMEOUT_MS', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.ack();
    for (let i = 1; i <= 300; i++) {
      b.push('r1', step(i));
      vi.advanceTimersByTime(10);
    }
    // 3 s: the first batch, then one per timeout.
    expect(sent.length).toBe(1 + Math.floor((3000 - EVENT_BATCH_MS) / ACK_TIMEOUT_MS));
    vi.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(sent.flatMap(steps)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    b.close();
  });

  it('ignores a late ack for a batch the timeout already let go: the batch after it stays held', () => {
    vi.useFakeTimers();
    const sent: RunEventBatch[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.ack();
    b.push('r1', step(1));
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    expect(sent).toHaveLength(1);
    const first = sent[0].seq!;
    // The client's ack is late (a server busy for a second): the timeout sends the next batch.
    for (let i = 2; i <= 20; i++) b.push('r1', step(i));
    vi.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1].seq).toBe(first + 1);
    b.push('r1', step(21));
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    // The late ack of the first batch must not release a third one into the same client frame.
    b.ack(first);
    expect(sent).toHaveLength(2);
    b.ack(sent[1].seq);
    expect(sent).toHaveLength(3);
    expect(sent.flatMap(steps)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    // An ack without a number (a client from before batches were numbered) still releases.
    b.push('r1', step(22));
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    b.ack();
    expect(sent).toHaveLength(4);
    b.close();
  });
});

describe('parseAck', () => {
  it('takes an ack with or without a batch number and nothing else', () => {
    expect(parseAck('{"type":"ack"}')).toEqual({ type: 'ack' });
    expect(parseAck('{"type":"ack","seq":12}')).toEqual({ type: 'ack', seq: 12 });
    for (const junk of ['ack', '{"type":"ack","seq":1.5}', '{"type":"ack","seq":"1"}', '{"type":"ack","x":1}', '{"type":"start"}', 'null', `{"type":"ack","seq":${'9'.repeat(80)}}`]) {
      expect(parseAck(junk), junk).toBeNull();
    }
  });
});
