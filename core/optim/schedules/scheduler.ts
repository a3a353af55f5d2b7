/**
 * A port of torch.optim.lr_scheduler's machinery (1.13), so Wiregrad's learning rates are
 * PyTorch's to the last bit: schedulers mutate a shared parameter group (`lr`, `initial_lr`,
 * OneCycleLR's `max_lr`/`min_lr`) exactly as PyTorch's do an optimizer's param_groups[0],
 * using the same recursive ("chainable") formulas. That matters: PyTorch's recursive forms
 * differ from the closed forms by rounding, and SequentialLR relies on both.
 */

/** PyTorch's optimizer.param_groups[0], the fields schedulers read and write. */
export interface ParamGroup {
  lr: number;
  initial_lr?: number;
  max_lr?: number;
  min_lr?: number;
}

/** Serialisable scheduler state (PyTorch's state_dict: every field but the optimizer). */
export type SchedulerState = Record<string, unknown>;

/** torch.optim.lr_scheduler._LRScheduler. */
export abstract class LrScheduler {
  last_epoch = -1;
  protected step_count = 0;
  base_lr = 0;

  constructor(readonly group: ParamGroup) {}

  /** The end of PyTorch's _LRScheduler.__init__ (subclasses set their fields first). */
  protected init(): this {
    this.group.initial_lr ??= this.group.lr;
    this.base_lr = this.group.initial_lr;
    this.initialStep();
    return this;
  }

  initialStep(): void {
    this.step_count = 0;
    this.step();
  }

  /** Chainable form: the next lr from the group's current one. */
  protected abstract getLr(): number;
  /** Closed form, where PyTorch has one (used by step(epoch), i.e. SequentialLR's milestones). */
  protected closedFormLr?(): number;

  /** scheduler.step() — or step(undefined, epoch), the deprecated explicit-epoch form. */
  step(_metric?: number, epoch?: number): void {
    this.step_count++;
    let value: number;
    if (epoch === undefined) {
      this.last_epoch++;
      value = this.getLr();
    } else {
      this.last_epoch = epoch;
      value = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.group.lr = value;
  }

  get lr(): number {
    return this.group.lr;
  }

  state(): SchedulerState {
    const { group: _g, ...rest } = this as unknown as Record<string, unknown>;
    return structuredClone(rest);
  }

  load(s: SchedulerState): void {
    Object.assign(this, structuredClone(s));
  }
}
