import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/** torch.optim.lr_scheduler.MultiStepLR: lr × gamma at each milestone (repeated milestones count twice). */
class MultiStepLRScheduler extends LrScheduler {
  private readonly counts: Record<number, number> = {};
  constructor(group: ParamGroup, readonly milestones: number[], readonly gamma: number) {
    super(group);
    for (const m of milestones) this.counts[m] = (this.counts[m] ?? 0) + 1;
    this.init();
  }
  protected getLr(): number {
    const n = this.counts[this.last_epoch];
    return n ? this.group.lr * this.gamma ** n : this.group.lr;
  }
  protected closedFormLr(): number {
    const passed = this.milestones.filter((m) => m <= this.last_epoch).length;
    return this.base_lr * this.gamma ** passed;
  }
}

export const MultiStepLR: ScheduleDef = {
  type: 'MultiStepLR',
  summary: 'Multiply the learning rate by gamma at each milestone epoch (or step)',
  defaultInterval: 'epoch',
  fields: [
    { name: 'milestones', kind: 'ints', default: [30, 80], help: 'Epochs (or steps) at which to decay' },
    { name: 'gamma', kind: 'number', default: 0.1, min: 0, help: 'Factor applied at each milestone' },
  ],
  create: (c, g) => new MultiStepLRScheduler(g, c.milestones as number[], c.gamma as number),
};
