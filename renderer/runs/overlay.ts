/**
 * Curves of several runs on one chart: uPlot wants one x array, so the runs' steps are merged
 * and each run's values are placed on it (null where it has no point; lines span the gaps).
 * Pure: tested without a DOM.
 */
import type { RunDetails } from '../../core/api/contract';
import type { RunMetric } from './runsStore';

const STEP_METRICS: ReadonlySet<RunMetric> = new Set(['loss', 'accuracy', 'lr']);

/** (step, value) points of one run for a metric: per step for loss/accuracy/lr, per epoch otherwise. */
export function metricPoints(d: RunDetails, metric: RunMetric): [number, number][] {
  if (STEP_METRICS.has(metric)) {
    const key = metric as 'loss' | 'accuracy' | 'lr';
    return d.steps.filter((s) => typeof s[key] === 'number').map((s) => [s.step, s[key] as number]);
  }
  const key = metric as 'val_loss' | 'val_accuracy' | 'test_accuracy';
  return d.epochs.filter((e) => typeof e[key] === 'number').map((e) => [e.step, e[key] as number]);
}

export function overlay(runs: RunDetails[], metric: RunMetric): { x: number[]; values: (number | null)[][] } {
  const per = runs.map((r) => new Map(metricPoints(r, metric)));
  const x = [...new Set(per.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return { x, values: per.map((m) => x.map((s) => m.get(s) ?? null)) };
}
