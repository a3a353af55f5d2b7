import { MONITORED_METRICS } from '../../graph/monitor';
import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau: lr × factor when the monitored metric has not
 * improved for more than `patience` epochs. Wiregrad steps it after every epoch with the
 * metric named by `monitor` (validation loss by default; training loss without a validation split).
 */
class ReduceLROnPlateauScheduler extends LrScheduler {
  best: number;
  num_bad_epochs = 0;
  cooldown_counter = 0;
  constructor(
    group: ParamGroup,
    readonly mode: 'min' | 'max',
    readonly factor: number,
    readonly patience: number,
    readonly threshold: number,
    readonly threshold_mode: 'rel' | 'abs',
    readonly cooldown: number,
    readonly min_lr: number,
    readonly eps: number,
  ) {
    super(group);
    this.last_epoch = 0;
    this.best = mode === 'min' ? Infinity : -Infinity;
    group.initial_lr ??= group.lr;
  }
  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.threshold_mode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.threshold_mode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }
  protected getLr(): number {
    return this.group.lr;
  }
  override step(metric?: number): void {
    if (metric === undefined) throw new Error('ReduceLROnPlateau needs a metric each step');
    this.last_epoch++;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs++;
    if (this.cooldown_counter > 0) {
      this.cooldown_counter--;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      const old = this.group.lr;
      const next = Math.max(old * this.factor, this.min_lr);
      if (old - next > this.eps) this.group.lr = next;
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
  }
}

export const ReduceLROnPlateau: ScheduleDef = {
  type: 'ReduceLROnPlateau',
  summary: 'Multiply the learning rate by factor when the monitored metric stops improving (checked every epoch)',
  defaultInterval: 'epoch',
  needsMetric: true,
  fields: [
    { name: 'monitor', kind: 'enum', default: 'val_loss', options: MONITORED_METRICS, help: 'Metric watched (validation falls back to training without a validation split)' },
    { name: 'mode', kind: 'enum', default: 'min', options: ['min', 'max'], help: '"min" for losses, "max" for accuracies' },
    { name: 'factor', kind: 'number', default: 0.1, min: 0, max: 1, help: 'Factor applied on a plateau (< 1)' },
    { name: 'patience', kind: 'int', default: 10, min: 0, help: 'Epochs without improvement before reducing' },
    { name: 'threshold', kind: 'number', default: 1e-4, min: 0, help: 'What counts as an improvement' },
    { name: 'threshold_mode', kind: 'enum', default: 'rel', options: ['rel', 'abs'], help: 'Threshold relative to the best value, or absolute' },
    { name: 'cooldown', kind: 'int', default: 0, min: 0, help: 'Epochs to wait after a reduction' },
    { name: 'min_lr', kind: 'number', default: 0, min: 0, help: 'Lower bound of the learning rate' },
    { name: 'eps', kind: 'number', default: 1e-8, min: 0, help: 'Smaller reductions are ignored' },
  ],
  refine: (c) => ((c.factor as number) >= 1 ? 'factor must be < 1' : null),
  create: (c, g) =>
    new ReduceLROnPlateauScheduler(
      g,
      c.mode as 'min' | 'max',
      c.factor as number,
      c.patience as number,
      c.threshold as number,
      c.threshold_mode as 'rel' | 'abs',
      c.cooldown as number,
      c.min_lr as number,
      c.eps as number,
    ),
};
