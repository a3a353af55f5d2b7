import type { EarlyStoppingConfig, MonitoredMetric } from '../graph/document';
import { higherIsBetter, monitoredValue, type EpochMetrics } from '../graph/monitor';

/**
 * Keeps the best value of a watched metric across epochs (Keras' EarlyStopping and the "best"
 * checkpoint both use it): an epoch improves when it beats the best by more than min_delta.
 */
export class BestTracker {
  best: number | null = null;
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(
    readonly metric: MonitoredMetric,
    readonly minDelta = 0,
  ) {}

  /** Records an epoch's metrics; true when it is the best so far. */
  observe(epoch: number, m: EpochMetrics): boolean {
    const v = monitoredValue(this.metric, m);
    const better = this.best === null || (higherIsBetter(this.metric) ? v > this.best + this.minDelta : v < this.best - this.minDelta);
    if (better) {
      this.best = v;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else this.wait++;
    return better;
  }

  state(): BestState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait };
  }

  load(s: BestState | null | undefined): void {
    if (!s) return;
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
  }
}

export interface BestState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

/** training.early_stopping: stop once `patience` epochs in a row brought no improvement. */
export class EarlyStopping {
  private readonly tracker: BestTracker;
  constructor(readonly cfg: EarlyStoppingConfig) {
    this.tracker = new BestTracker(cfg.monitor, cfg.min_delta);
  }
  /** True when the run should stop after this epoch. */
  observe(epoch: number, m: EpochMetrics): boolean {
    this.tracker.observe(epoch, m);
    return this.tracker.wait >= this.cfg.patience;
  }
  get best(): BestState {
    return this.tracker.state();
  }
  state(): BestState {
    return this.tracker.state();
  }
  load(s: BestState | null | undefined): void {
    this.tracker.load(s);
  }
}
