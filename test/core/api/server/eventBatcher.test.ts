import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage, WireTrainEvent } from '../../../../core/api/contract';
import { EVENT_BATCH_MS, eventBatcher } from '../../../../core/api/server/eventBatcher';

const step = (n: number) => ({ kind: 'step', step: n, epoch: 1, loss: 1 / n, samplesPerSec: 1, elapsedSec: n, etaSec: 0 }) as unknown as WireTrainEvent;
const epoch = { kind: 'epoch', epoch: 1, step: 3, train_loss: 0.5, samples_per_s: 1, elapsedSec: 3 } as unknown as WireTrainEvent;

describe('eventBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst of step events as one message after EVENT_BATCH_MS, in order', () => {
    vi.useFakeTimers();
    const sent: ServerMessage[] = [];
    const b = eventBatcher((m) => sent.push(m));
    for (let i = 1; i <= 50; i++) b.push('r1', step(i));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    expect(sent).toHaveLength(1);
    const m = sent[0] as Extract<ServerMessage, { type: 'train-batch' }>;
    expect(m.type).toBe('train-batch');
    expect(m.runId).toBe('r1');
    expect(m.events.map((e) => (e as { step: number }).step)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('sends any other event at once, behind the steps before it', () => {
    vi.useFakeTimers();
    const sent: ServerMessage[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.push('r1', step(1));
    b.push('r1', step(2));
    b.push('r1', epoch);
    expect(sent).toHaveLength(1);
    expect((sent[0] as Extract<ServerMessage, { type: 'train-batch' }>).events.map((e) => e.kind)).toEqual(['step', 'step', 'epoch']);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1); // nothing left behind
  });

  it('keeps runs apart and sends nothing after close', () => {
    vi.useFakeTimers();
    const sent: ServerMessage[] = [];
    const b = eventBatcher((m) => sent.push(m));
    b.push('r1', step(1));
    b.push('r2', step(1));
    expect(sent.map((m) => (m as { runId: string }).runId)).toEqual(['r1']);
    b.close();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
  });
});
