import type { MonitoredMetric, TrainingConfig } from '../graph/document';
import { monitoredValue, type EpochMetrics } from '../graph/monitor';
import { createScheduler, getSchedule, type ScheduleConfig } from '../optim/schedules/index';
import type { LrScheduler, ParamGroup, SchedulerState } from '../optim/schedules/scheduler';

/** What a checkpoint keeps of a schedule (JSON-safe but for ±Infinity, which the checkpoint codec encodes). */
export interface ScheduleState {
  calls: number;
  group: ParamGroup;
  scheduler: SchedulerState;
}

export interface RunLength {
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * A run's learning rate, step by step: the schedule of training.schedule stepped after every
 * optimizer step or every epoch, as a PyTorch loop would (`optimizer.step(); scheduler.step()`).
 * lrAt(step) is asked in increasing step order (the trainer asks ahead, for a block of fused
 * steps), which is why a step-interval scheduler can advance lazily.
 */
export class RunSchedule {
  private readonly scheduler: LrScheduler | null;
  private readonly cfg: ScheduleConfig | null;
  /** scheduler.step() calls made so far. */
  private calls = 0;

  constructor(training: Pick<TrainingConfig, 'optimizer'> & { schedule?: ScheduleConfig | null }, length: RunLength) {
    this.cfg = training.schedule ?? null;
    const base = { lr: training.optimizer.lr };
    const units = this.cfg?.interval === 'step' ? length.totalSteps : length.epochs;
    this.scheduler = this.cfg ? createScheduler(this.cfg, base, units) : null;
    this.constant = training.optimizer.lr;
  }
  private readonly constant: number;

  /** Learning rate of the 0-based global optimizer step `step`. */
  lrAt(step: number): number {
    if (!this.scheduler) return this.constant;
    if (this.cfg!.interval === 'step') {
      while (this.calls < step) {
        this.scheduler.step();
        this.calls++;
      }
    }
    return this.scheduler.lr;
  }

  /** After an epoch: epoch-interval schedules step (a plateau schedule with its metric). */
  endEpoch(m: EpochMetrics): void {
    if (!this.scheduler || this.cfg!.interval !== 'epoch') return;
    if (getSchedule(this.cfg!.type).needsMetric) this.scheduler.step(monitoredValue(this.cfg!.monitor as MonitoredMetric, m));
    else this.scheduler.step();
    this.calls++;
  }

  /** For checkpoints: enough to continue exactly where this run is. */
  state(): ScheduleState | null {
    return this.scheduler ? { calls: this.calls, group: { ...this.scheduler.group }, scheduler: this.scheduler.state() } : null;
  }

  load(s: ScheduleState | null): void {
    if (!this.scheduler || !s) return;
    this.calls = s.calls;
    Object.assign(this.scheduler.group, s.group);
    this.scheduler.load(s.scheduler);
  }
}
