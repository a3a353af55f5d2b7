import { describe, expect, it } from 'vitest';
import { frameQueue, type FrameQueueDeps } from '../../../renderer/training/frameQueue';

/** Frames and timers that run when the test says: time is a number the test moves. */
function fakeClock() {
  let now = 0;
  let frames: (() => void)[] = [];
  let timers: { at: number; cb: () => void; id: number }[] = [];
  let ids = 0;
  const deps: FrameQueueDeps = {
    requestFrame: (cb) => frames.push(cb),
    now: () => now,
    setTimer: (cb, ms) => {
      timers.push({ at: now + ms, cb, id: ++ids });
      return ids;
    },
    clearTimer: (id) => (timers = timers.filter((t) => t.id !== id)),
  };
  return {
    deps,
    /** Moves time on by `ms`, firing due timers, then runs one animation frame. */
    frame(ms = 16) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.cb());
      const run = frames;
      frames = [];
      run.forEach((cb) => cb());
    },
  };
}

type Ev = { kind: string; n: number };

describe('frameQueue (the run panel intake)', () => {
  it('applies queued step events in one go, at most once per frame and per minIntervalMs, in order', () => {
    const clock = fakeClock();
    const applied: Ev[][] = [];
    const q = frameQueue<Ev>((items) => applied.push(items), { minIntervalMs: 100, urgent: (e) => e.kind !== 'step', deps: clock.deps });
    let n = 0;
    const perFrame: number[] = [];
    for (let f = 0; f < 60; f++) {
      for (let i = 0; i < 5; i++) q.push({ kind: 'step', n: ++n });
      const before = applied.length;
      clock.frame();
      perFrame.push(applied.length - before);
    }
    clock.frame(200);
    expect(Math.max(...perFrame)).toBe(1);
    // 60 frames of 16 ms: about one apply per 100 ms, never more.
    expect(applied.length).toBeGreaterThanOrEqual(8);
    expect(applied.length).toBeLessThanOrEqual(11);
    expect(applied.flat().map((e) => e.n)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('applies any other event at the next frame, with the steps before it', () => {
    const clock = fakeClock();
    const applied: Ev[][] = [];
    const q = frameQueue<Ev>((items) => applied.push(items), { minIntervalMs: 100, urgent: (e) => e.kind !== 'step', deps: clock.deps });
    q.push({ kind: 'step', n: 1 });
    clock.frame();
    q.push({ kind: 'step', n: 2 });
    clock.frame();
    expect(applied).toHaveLength(1);
    q.push({ kind: 'done', n: 3 });
    clock.frame();
    expect(applied.map((b) => b.map((e) => e.n))).toEqual([[1], [2, 3]]);
    q.push({ kind: 'step', n: 4 });
    q.clear();
    clock.frame(500);
    expect(applied).toHaveLength(2);
  });
});
