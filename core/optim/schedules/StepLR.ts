import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/** torch.optim.lr_scheduler.StepLR: lr × gamma every step_size scheduler steps. */
class StepLRScheduler extends LrScheduler {
  constructor(group: ParamGroup, readonly step_size: number, readonly gamma: number) {
    super(group);
    this.init();
  }
  protected getLr(): number {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }
  protected closedFormLr(): number {
    return this.base_lr * this.gamma ** Math.floor(this.last_epoch / this.step_size);
  }
}

export const StepLR: ScheduleDef = {
  type: 'StepLR',
  summary: 'Multiply the learning rate by gamma every step_size epochs (or steps)',
  defaultInterval: 'epoch',
  fields: [
    { name: 'step_size', kind: 'int', default: 10, min: 1, help: 'Epochs (or steps) between decays' },
    { name: 'gamma', kind: 'number', default: 0.1, min: 0, help: 'Factor applied at each decay' },
  ],
  create: (c, g) => new StepLRScheduler(g, c.step_size as number, c.gamma as number),
};
