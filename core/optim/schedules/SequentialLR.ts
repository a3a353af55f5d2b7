import { z } from 'zod';
import { LrScheduler, type ParamGroup, type SchedulerState } from './scheduler';
import type { ScheduleConfig, ScheduleDef } from './types';

/**
 * torch.optim.lr_scheduler.SequentialLR: runs schedulers one after another, switching at the
 * milestones (a LinearLR warm-up, then a decay). Its quirks are PyTorch's: construction
 * resets the lr to initial_lr and re-does the first scheduler's initial step, and a
 * scheduler taking over at a milestone is stepped with epoch 0 (its closed form).
 */
class SequentialLRScheduler extends LrScheduler {
  constructor(group: ParamGroup, readonly schedulers: LrScheduler[], readonly milestones: number[]) {
    super(group);
    this.last_epoch = 0;
    group.lr = group.initial_lr!;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0].initialStep();
  }
  protected getLr(): number {
    return this.group.lr;
  }
  override step(): void {
    this.last_epoch++;
    const idx = this.milestones.filter((m) => m <= this.last_epoch).length;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.last_epoch) s.step(undefined, 0);
    else s.step();
  }
  override state(): SchedulerState {
    return { last_epoch: this.last_epoch, schedulers: this.schedulers.map((s) => s.state()) };
  }
  override load(st: SchedulerState): void {
    this.last_epoch = st.last_epoch as number;
    (st.schedulers as SchedulerState[]).forEach((s, i) => this.schedulers[i].load(s));
  }
}

/** Set by the registry (./index.ts): the schema of a schedule that may be chained. */
let chainable: () => z.ZodType = () => z.never();
export function setChainableSchema(s: () => z.ZodType): void {
  chainable = s;
}

export const SequentialLR: ScheduleDef = {
  type: 'SequentialLR',
  summary: 'Run schedules one after another (e.g. a LinearLR warm-up, then CosineAnnealingLR), switching at the milestones',
  defaultInterval: 'step',
  fields: [{ name: 'milestones', kind: 'ints', default: [5], help: 'Steps (or epochs) at which the next schedule takes over' }],
  extraShape: () => ({
    schedulers: z.array(z.lazy(() => chainable()), { error: 'must be a list of schedules' }).min(2, { error: 'must list at least two schedules' }),
  }),
  refine: (c) => {
    const n = (c.schedulers as unknown[]).length;
    const m = c.milestones as number[];
    if (m.length !== n - 1) return `milestones must have ${n - 1} entr${n - 1 === 1 ? 'y' : 'ies'} (one fewer than schedulers), got ${m.length}`;
    if (m.some((v, i) => i > 0 && v < m[i - 1])) return 'milestones must be in increasing order';
    return null;
  },
  create: (c, g, ctx) => new SequentialLRScheduler(g, (c.schedulers as ScheduleConfig[]).map((s) => ctx.create(s, g)), c.milestones as number[]),
};
