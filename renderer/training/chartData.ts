/** Chart series from the run state: raw + smoothed per step, per-epoch values as points on the step axis. */
import type { RunState } from './runState';
import { smooth } from './smoothing';
import type { ChartSeries } from './LineChart';

function atEpochSteps(s: RunState, pick: (e: RunState['epochs'][number]) => number | undefined): (number | null)[] {
  const out: (number | null)[] = new Array(s.steps.step.length).fill(null);
  if (!out.length) return out;
  const index = new Map(s.steps.step.map((step, i) => [step, i]));
  for (const e of s.epochs) {
    const v = pick(e);
    if (v === undefined) continue;
    // An epoch ends on its last step; if that step was not streamed, use the nearest earlier one.
    const i = index.get(e.step) ?? out.length - 1;
    out[i] = v;
  }
  return out;
}

export function lossSeries(s: RunState, weight: number): ChartSeries[] {
  const series: ChartSeries[] = [
    { label: 'train (raw)', colorVar: '--chart-loss', values: s.steps.loss, faint: true },
    { label: 'train', colorVar: '--chart-loss', values: smooth(s.steps.loss, weight) },
  ];
  if (s.epochs.some((e) => e.val_loss !== undefined)) series.push({ label: 'validation', colorVar: '--chart-val', values: atEpochSteps(s, (e) => e.val_loss), points: true });
  return series;
}

export function accuracySeries(s: RunState, weight: number): ChartSeries[] {
  const series: ChartSeries[] = [
    { label: 'train (raw)', colorVar: '--chart-acc', values: s.steps.accuracy, faint: true },
    { label: 'train', colorVar: '--chart-acc', values: smooth(s.steps.accuracy, weight) },
  ];
  if (s.epochs.some((e) => e.val_accuracy !== undefined)) series.push({ label: 'validation', colorVar: '--chart-val', values: atEpochSteps(s, (e) => e.val_accuracy), points: true });
  if (s.epochs.some((e) => e.test_accuracy !== undefined)) series.push({ label: 'test', colorVar: '--chart-test', values: atEpochSteps(s, (e) => e.test_accuracy), points: true });
  return series;
}

export function hasAccuracy(s: RunState): boolean {
  return s.steps.accuracy.some((a) => a !== null);
}
