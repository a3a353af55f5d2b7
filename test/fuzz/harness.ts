/**
 * A small, seeded, bounded fuzz harness for the suite (issue 7). A target says where inputs
 * come from (seeds + a mutator) and what to do with one (run); the harness runs N cases and
 * sorts each outcome:
 *   - success: run resolved;
 *   - clear error: run threw an error with a stable string `code` and a plain message (no
 *     stack lines, not a JavaScript engine error such as TypeError or "Maximum call stack");
 *   - failure: anything else, a case over its time limit (a hang), or memory that grew past
 *     the budget (checked after each case, after GC when --expose-gc is on).
 * Everything is derived from one seed, so a failure report (case index, seed) reproduces.
 * See README.md beside this file for adding a target.
 */
import { Rng } from '../../core/util/rng';

export interface FuzzTarget<I> {
  name: string;
  /** Valid examples the mutator starts from. */
  seeds: readonly I[];
  /** A mutated copy of `input` (never change `input` itself). */
  mutate(input: I, rng: Rng): I;
  /** Runs one case. Resolve: success; throw: must be a clear error. */
  run(input: I, ctx: { rng: Rng; index: number }): unknown | Promise<unknown>;
  /** Overrides what counts as a clear error (default: clearError below). */
  isClear?(e: unknown): boolean;
  /** Shortens an input for the failure report. */
  describe?(input: I): string;
}

export interface FuzzOptions {
  seed: number;
  runs: number;
  /** Per case; over it is a hang. */
  caseTimeoutMs?: number;
  /** Stop early (with what ran counted) once this much time went by: keeps the suite bounded on slow machines. */
  budgetMs?: number;
  /** RSS growth over the whole run that counts as unbounded memory. */
  maxRssGrowthMb?: number;
  /** Mutations applied per case (1..n, chosen per case). */
  maxMutations?: number;
}

export interface FuzzFailure {
  index: number;
  reason: string;
  input: string;
}

export interface FuzzReport {
  target: string;
  seed: number;
  runs: number;
  successes: number;
  clearErrors: number;
  failures: FuzzFailure[];
  /** Clear errors by code, for the report. */
  codes: Record<string, number>;
  ms: number;
  rssGrowthMb: number;
}

const ENGINE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** A stable code, a one-line-ish message without stack frames, and not an engine error in disguise. */
export function clearError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err.code !== 'string' || !err.code || err.code === 'INTERNAL') return false;
  if (typeof err.message !== 'string' || !err.message.trim()) return false;
  if (ENGINE_ERRORS.some((C) => e instanceof C)) return false;
  return !/\n\s+at |Maximum call stack|is not a function|Cannot read propert|undefined is not|is not iterable/.test(err.message);
}

function why(e: unknown): string {
  if (e instanceof Error) return `${e.name}${(e as { code?: string }).code ? ` ${(e as { code?: string }).code}` : ''}: ${e.message.split('\n')[0]}`;
  return `threw ${JSON.stringify(e)?.slice(0, 200)}`;
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

export async function fuzz<I>(target: FuzzTarget<I>, opts: FuzzOptions): Promise<FuzzReport> {
  const { seed, runs, caseTimeoutMs = 10_000, budgetMs = Infinity, maxRssGrowthMb = 512, maxMutations = 3 } = opts;
  const rng = new Rng(seed);
  const report: FuzzReport = { target: target.name, seed, runs: 0, successes: 0, clearErrors: 0, failures: [], codes: {}, ms: 0, rssGrowthMb: 0 };
  const show = target.describe ?? ((i: I) => shorten(safeJson(i)));
  const isClear = target.isClear ?? clearError;
  gc?.();
  const rss0 = rssMb();
  const t0 = performance.now();
  for (let index = 0; index < runs; index++) {
    if (performance.now() - t0 > budgetMs) break;
    const caseRng = rng.fork(index);
    let input = target.seeds[caseRng.int(target.seeds.length)];
    const n = 1 + caseRng.int(maxMutations);
    for (let m = 0; m < n; m++) input = target.mutate(input, caseRng);
    report.runs++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HangError(`no answer within ${caseTimeoutMs} ms`)), caseTimeoutMs);
      });
      await Promise.race([Promise.resolve().then(() => target.run(input, { rng: caseRng, index })), hang]);
      report.successes++;
    } catch (e) {
      if (!(e instanceof HangError) && isClear(e)) {
        report.clearErrors++;
        const code = (e as { code: string }).code;
        report.codes[code] = (report.codes[code] ?? 0) + 1;
      } else {
        report.failures.push({ index, reason: why(e), input: show(input) });
      }
    } finally {
      clearTimeout(timer);
    }
  }
  gc?.();
  report.ms = Math.round(performance.now() - t0);
  report.rssGrowthMb = Math.round(rssMb() - rss0);
  if (report.rssGrowthMb > maxRssGrowthMb) report.failures.push({ index: -1, reason: `memory grew by ${report.rssGrowthMb} MB over ${report.runs} cases (limit ${maxRssGrowthMb} MB)`, input: '' });
  return report;
}

class HangError extends Error {}

/** One line for the test log: what ran and how it ended. */
export function summary(r: FuzzReport): string {
  const codes = Object.entries(r.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return `fuzz ${r.target} (seed ${r.seed}): ${r.runs} cases in ${r.ms} ms: ${r.successes} succeeded, ${r.clearErrors} clear errors [${codes}], ${r.failures.length} failures; RSS ${r.rssGrowthMb >= 0 ? '+' : ''}${r.rssGrowthMb} MB`;
}

export function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? `<${x.length} bytes>` : typeof x === 'bigint' ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

export function shorten(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}
