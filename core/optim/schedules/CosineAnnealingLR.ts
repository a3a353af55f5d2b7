import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

/** torch.optim.lr_scheduler.CosineAnnealingLR, with PyTorch's recursive form (and its restart branch). */
class CosineAnnealingLRScheduler extends LrScheduler {
  constructor(group: ParamGroup, readonly T_max: number, readonly eta_min: number) {
    super(group);
    this.init();
  }
  protected getLr(): number {
    const { last_epoch: e, T_max: T, eta_min: lo, base_lr: base } = this;
    if (e === 0) return this.group.lr;
    if (this.step_count === 1 && e > 0) return lo + ((base - lo) * (1 + Math.cos((e * Math.PI) / T))) / 2;
    if ((e - 1 - T) % (2 * T) === 0) return this.group.lr + ((base - lo) * (1 - Math.cos(Math.PI / T))) / 2;
    return ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (this.group.lr - lo) + lo;
  }
  protected closedFormLr(): number {
    return this.eta_min + ((this.base_lr - this.eta_min) * (1 + Math.cos((Math.PI * this.last_epoch) / this.T_max))) / 2;
  }
}

export const CosineAnnealingLR: ScheduleDef = {
  type: 'CosineAnnealingLR',
  summary: 'Anneal the learning rate along a cosine from its start value to eta_min over T_max epochs (or steps)',
  defaultInterval: 'epoch',
  fields: [
    { name: 'T_max', kind: 'autoInt', min: 1, help: 'Epochs (or steps) of the half cosine; empty = the whole run' },
    { name: 'eta_min', kind: 'number', default: 0, min: 0, help: 'Learning rate at the end' },
  ],
  create: (c, g, ctx) => new CosineAnnealingLRScheduler(g, (c.T_max as number | null) ?? ctx.units, c.eta_min as number),
};
