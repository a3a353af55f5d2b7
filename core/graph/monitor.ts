import type { MonitoredMetric } from './document';

/** Metrics early stopping, the best checkpoint and ReduceLROnPlateau can watch. */
export const MONITORED_METRICS = ['val_loss', 'val_accuracy', 'train_loss', 'train_accuracy'] as const satisfies readonly MonitoredMetric[];

/** An epoch's metrics as the trainer reports them. */
export interface EpochMetrics {
  train_loss: number;
  train_accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
}

/** Accuracies improve upwards, losses downwards. */
export function higherIsBetter(metric: MonitoredMetric): boolean {
  return metric.endsWith('accuracy');
}

/**
 * The value of a watched metric; a validation metric falls back to its training twin when the
 * run has no validation split (so a default of val_loss works for every project).
 */
export function monitoredValue(metric: MonitoredMetric, m: EpochMetrics): number {
  const v = m[metric] ?? m[metric.replace('val_', 'train_') as MonitoredMetric];
  if (v === undefined) throw new Error(`${metric} is not measured by this run (accuracy needs a classification loss)`);
  return v;
}
