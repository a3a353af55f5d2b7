import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunEventBatch, WireTrainEvent } from '../../../core/api/contract';
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
});
