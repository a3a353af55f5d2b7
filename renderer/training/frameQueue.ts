/**
 * The renderer's intake of a run's events: they are queued as they come and applied in one
 * go at an animation frame, at most once per frame and, while only step events arrive, at
 * most once per `minIntervalMs`. Any other event (start, epoch, done, error) is applied at
 * the next frame.
 *
 * Why not every frame: on the machines the app must run well on (2 cores, a software-
 * rendering Chromium in web mode), each applied batch re-renders the run's panel and
 * redraws two charts, and the frame that shows it costs the compositor too; at 60 per
 * second the page took more than a core away from the training it was showing. Four per
 * second still reads as live (core/api/eventBatcher.ts has the figures).
 */
export interface FrameQueueDeps {
  requestFrame(cb: () => void): unknown;
  now(): number;
  setTimer(cb: () => void, ms: number): unknown;
  clearTimer(t: unknown): void;
}

const browserDeps = (): FrameQueueDeps => ({
  requestFrame: (cb) => requestAnimationFrame(() => cb()),
  now: () => performance.now(),
  setTimer: (cb, ms) => setTimeout(cb, ms),
  clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
});

export interface FrameQueue<T> {
  push(item: T): void;
  /** Drops what is queued (the run is gone). */
  clear(): void;
}

export function frameQueue<T>(apply: (items: T[]) => void, opts: { minIntervalMs: number; urgent: (item: T) => boolean; deps?: FrameQueueDeps }): FrameQueue<T> {
  const deps = opts.deps ?? browserDeps();
  let queue: T[] = [];
  let framePending = false;
  let timer: unknown = null;
  let lastApplied = -Infinity;

  const onFrame = () => {
    framePending = false;
    if (!queue.length) return;
    lastApplied = deps.now();
    const items = queue;
    queue = [];
    apply(items);
  };
  const requestFrame = () => {
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    if (framePending) return;
    framePending = true;
    deps.requestFrame(onFrame);
  };

  return {
    push(item) {
      queue.push(item);
      if (framePending) return;
      const wait = opts.urgent(item) ? 0 : lastApplied + opts.minIntervalMs - deps.now();
      if (wait <= 0) requestFrame();
      else if (timer === null) timer = deps.setTimer(requestFrame, wait);
    },
    clear() {
      queue = [];
    },
  };
}
