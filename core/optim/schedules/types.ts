import type { z } from 'zod';
import type { ScheduleField } from './fields';
import type { LrScheduler, ParamGroup } from './scheduler';

/** When the scheduler steps: after every epoch (PyTorch's usual loop) or after every optimizer step. */
export type Interval = 'epoch' | 'step';

/** A schedule as the project file holds it: `{ "type": "StepLR", "step_size": 30, "gamma": 0.1 }`. */
export interface ScheduleConfig {
  type: string;
  interval?: Interval;
  [field: string]: unknown;
}

export interface ScheduleContext {
  /** How many times the run will step the scheduler (epochs, or steps with interval "step"): "auto" lengths. */
  units: number;
  /** Makes a nested schedule (SequentialLR) on the same parameter group. */
  create(cfg: ScheduleConfig, group: ParamGroup): LrScheduler;
}

/** One registered schedule: its PyTorch name, fields (validation and inspector), and the scheduler it makes. */
export interface ScheduleDef {
  type: string;
  /** One line for the inspector and errors. */
  summary: string;
  fields: readonly ScheduleField[];
  defaultInterval: Interval;
  /** ReduceLROnPlateau steps on a metric, once per epoch, and cannot be chained. */
  needsMetric?: boolean;
  /** Fields that are not plain values (SequentialLR's nested schedulers). */
  extraShape?: () => Record<string, z.ZodType>;
  /** Checks across fields, as messages ("milestones must have one entry fewer than schedulers"). */
  refine?: (cfg: ScheduleConfig) => string | null;
  create(cfg: ScheduleConfig, group: ParamGroup, ctx: ScheduleContext): LrScheduler;
}
