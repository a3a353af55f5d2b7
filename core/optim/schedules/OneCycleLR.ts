import { LrScheduler, type ParamGroup } from './scheduler';
import type { ScheduleDef } from './types';

interface Phase {
  end_step: number;
  start: 'initial_lr' | 'max_lr';
  end: 'max_lr' | 'initial_lr' | 'min_lr';
}

/**
 * torch.optim.lr_scheduler.OneCycleLR with cycle_momentum=False: the momentum (and Adam's β₁)
 * is compiled into the step graph, so it stays fixed here; the learning rate follows PyTorch's.
 * It replaces the optimizer's lr: the cycle starts at max_lr / div_factor.
 */
class OneCycleLRScheduler extends LrScheduler {
  private readonly phases: Phase[];
  constructor(
    group: ParamGroup,
    readonly total_steps: number,
    max_lr: number,
    pct_start: number,
    readonly anneal_strategy: 'cos' | 'linear',
    div_factor: number,
    final_div_factor: number,
    three_phase: boolean,
  ) {
    super(group);
    const n = total_steps;
    this.phases = three_phase
      ? [
          { end_step: pct_start * n - 1, start: 'initial_lr', end: 'max_lr' },
          { end_step: 2 * pct_start * n - 2, start: 'max_lr', end: 'initial_lr' },
          { end_step: n - 1, start: 'initial_lr', end: 'min_lr' },
        ]
      : [
          { end_step: pct_start * n - 1, start: 'initial_lr', end: 'max_lr' },
          { end_step: n - 1, start: 'max_lr', end: 'min_lr' },
        ];
    group.initial_lr = max_lr / div_factor;
    group.max_lr = max_lr;
    group.min_lr = group.initial_lr / final_div_factor;
    this.init();
  }
  private anneal(start: number, end: number, pct: number): number {
    return this.anneal_strategy === 'cos' ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  }
  protected getLr(): number {
    const step = this.last_epoch;
    if (step > this.total_steps) throw new Error(`OneCycleLR stepped ${step + 1} times but total_steps is ${this.total_steps}`);
    let start_step = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const p = this.phases[i];
      if (step <= p.end_step || i === this.phases.length - 1) {
        return this.anneal(this.group[p.start]!, this.group[p.end]!, (step - start_step) / (p.end_step - start_step));
      }
      start_step = p.end_step;
    }
    return this.group.lr;
  }
}

export const OneCycleLR: ScheduleDef = {
  type: 'OneCycleLR',
  summary: 'The 1cycle policy: warm up to max_lr, then anneal far below the start (stepped every step)',
  defaultInterval: 'step',
  fields: [
    { name: 'max_lr', kind: 'number', default: 0.1, min: 0, minExclusive: true, help: 'Peak learning rate' },
    { name: 'total_steps', kind: 'autoInt', min: 1, help: 'Steps in the cycle; empty = the whole run' },
    { name: 'pct_start', kind: 'number', default: 0.3, min: 0, max: 1, help: 'Fraction of the cycle spent increasing' },
    { name: 'anneal_strategy', kind: 'enum', default: 'cos', options: ['cos', 'linear'], help: 'Cosine or linear annealing' },
    { name: 'div_factor', kind: 'number', default: 25, min: 0, minExclusive: true, help: 'Start lr = max_lr / div_factor' },
    { name: 'final_div_factor', kind: 'number', default: 1e4, min: 0, minExclusive: true, help: 'Final lr = start lr / final_div_factor' },
    { name: 'three_phase', kind: 'bool', default: false, help: 'Add a third phase that anneals back symmetrically' },
  ],
  create: (c, g, ctx) =>
    new OneCycleLRScheduler(
      g,
      (c.total_steps as number | null) ?? ctx.units,
      c.max_lr as number,
      c.pct_start as number,
      c.anneal_strategy as 'cos' | 'linear',
      c.div_factor as number,
      c.final_div_factor as number,
      c.three_phase === true,
    ),
};
