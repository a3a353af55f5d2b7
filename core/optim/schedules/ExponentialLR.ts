import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/** torch.optim.lr_scheduler.ExponentialLR: lr × gamma every scheduler step. */
class ExponentialLRScheduler extends LrScheduler {
  constructor(group: ParamGroup, readonly gamma: number) {
    super(group);
    this.init();
  }
  protected getLr(): number {
    return this.last_epoch === 0 ? this.group.lr : this.group.lr * this.gamma;
  }
  protected closedFormLr(): number {
    return this.base_lr * this.gamma ** this.last_epoch;
  }
}

export const ExponentialLR: ScheduleDef = {
  type: 'ExponentialLR',
  summary: 'Multiply the learning rate by gamma every epoch (or step)',
  defaultInterval: 'epoch',
  fields: [{ name: 'gamma', kind: 'number', default: 0.95, min: 0, help: 'Factor applied every epoch (or step)' }],
  create: (c, g) => new ExponentialLRScheduler(g, c.gamma as number),
};
