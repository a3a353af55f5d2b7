/**
 * Where a run's wall time goes, by phase (data, compile, session, steps, eval, …): a few
 * performance.now() calls per phase or per step, cheap enough to be always on. The CLI's
 * `--json` summary and `npm run bench -- --e2e` print it, so a slow run can be explained
 * without a profiler.
 */
export type PhaseName =
  | 'check'
  | 'data'
  | 'compile'
  | 'loaders'
  | 'session'
  /** The K-step Loop session, built once K is chosen from the first timed steps. */
  | 'loopSession'
  | 'steps'
  | 'batching'
  | 'events'
  | 'eval'
  | 'release';

export class PhaseClock {
  /** Milliseconds per phase. */
  readonly ms: Partial<Record<PhaseName, number>> = {};

  add(name: PhaseName, ms: number): void {
    this.ms[name] = (this.ms[name] ?? 0) + ms;
  }

  /** Times one awaited call. */
  async time<T>(name: PhaseName, f: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.add(name, performance.now() - t);
    }
  }

  /** Seconds per phase, rounded to the millisecond. */
  seconds(): Partial<Record<PhaseName, number>> {
    return Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v) / 1000]));
  }
}
