import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/** torch.optim.lr_scheduler.LinearLR: the factor goes linearly from start_factor to end_factor over total_iters (warm-up). */
class LinearLRScheduler extends LrScheduler {
  constructor(group: ParamGroup, readonly start_factor: number, readonly end_factor: number, readonly total_iters: number) {
    super(group);
    this.init();
  }
  protected getLr(): number {
    const { last_epoch: e, start_factor: s, end_factor: f, total_iters: n } = this;
    if (e === 0) return this.group.lr * s;
    if (e > n) return this.group.lr;
    return this.group.lr * (1 + (f - s) / (n * s + (e - 1) * (f - s)));
  }
  protected closedFormLr(): number {
    const { start_factor: s, end_factor: f, total_iters: n } = this;
    return this.base_lr * (s + ((f - s) * Math.min(n, this.last_epoch)) / n);
  }
}

export const LinearLR: ScheduleDef = {
  type: 'LinearLR',
  summary: 'Scale the learning rate linearly from start_factor to end_factor over total_iters (a warm-up; chain it with SequentialLR)',
  defaultInterval: 'step',
  fields: [
    { name: 'start_factor', kind: 'number', default: 1 / 3, min: 0, max: 1, minExclusive: true, help: 'Factor at the start' },
    { name: 'end_factor', kind: 'number', default: 1, min: 0, max: 1, help: 'Factor after total_iters' },
    { name: 'total_iters', kind: 'int', default: 5, min: 1, help: 'Steps (or epochs) of the ramp' },
  ],
  create: (c, g) => new LinearLRScheduler(g, c.start_factor as number, c.end_factor as number, c.total_iters as number),
};
