/** THE registry of learning-rate schedules (PyTorch's names and semantics, one file each). */
import { z } from 'zod';
import { CosineAnnealingLR } from './CosineAnnealingLR';
import { ExponentialLR } from './ExponentialLR';
import { fieldDefaults, fieldsShape } from './fields';
import { LinearLR } from './LinearLR';
import { MultiStepLR } from './MultiStepLR';
import { OneCycleLR } from './OneCycleLR';
import { ReduceLROnPlateau } from './ReduceLROnPlateau';
import { type LrScheduler, type ParamGroup } from './scheduler';
import { SequentialLR, setChainableSchema } from './SequentialLR';
import { StepLR } from './StepLR';
import type { Interval, ScheduleConfig, ScheduleContext, ScheduleDef } from './types';

export type { Interval, ScheduleConfig, ScheduleDef } from './types';
export type { ScheduleField } from './fields';

const defs: ScheduleDef[] = [StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, OneCycleLR, LinearLR, SequentialLR, ReduceLROnPlateau];
const registry = new Map<string, ScheduleDef>();
for (const d of defs) {
  if (registry.has(d.type)) throw new Error(`schedule "${d.type}" registered twice`);
  registry.set(d.type, d);
}

export function scheduleDefs(): readonly ScheduleDef[] {
  return defs;
}

export function getSchedule(type: string): ScheduleDef {
  const d = registry.get(type);
  if (!d) throw new Error(`Unknown schedule "${type}"; use ${defs.map((x) => x.type).join(', ')}`);
  return d;
}

/** A new schedule of this type with PyTorch's defaults (what the inspector creates). */
export function defaultSchedule(type: string): ScheduleConfig {
  const d = getSchedule(type);
  const cfg: ScheduleConfig = { type, interval: d.defaultInterval, ...fieldDefaults(d.fields) };
  if (type === 'SequentialLR') cfg.schedulers = [defaultSchedule('LinearLR'), defaultSchedule('CosineAnnealingLR')];
  return cfg;
}

const typeNames = (list: ScheduleDef[]) => list.map((d) => `"${d.type}"`).join(', ');

function defSchema(d: ScheduleDef): z.ZodType {
  const intervals: [Interval, ...Interval[]] = d.needsMetric ? ['epoch'] : ['epoch', 'step'];
  const shape = {
    type: z.literal(d.type),
    interval: z.enum(intervals, { error: d.needsMetric ? `must be "epoch" (${d.type} watches an epoch metric)` : 'must be "epoch" or "step"' }).default(d.defaultInterval),
    ...fieldsShape(d.fields),
    ...(d.extraShape?.() ?? {}),
  };
  const obj = z.looseObject(shape);
  return d.refine
    ? obj.superRefine((v, ctx) => {
        const why = d.refine!(v as ScheduleConfig);
        if (why) ctx.addIssue({ code: 'custom', message: why });
      })
    : obj;
}

function unionOf(list: ScheduleDef[]): z.ZodType {
  const members = list.map(defSchema);
  return z.discriminatedUnion('type', members as never, { error: `must be a schedule with "type" one of ${typeNames(list)}` });
}

const chainable = defs.filter((d) => !d.needsMetric && d.type !== 'SequentialLR');
const chainableSchema = unionOf(chainable);
setChainableSchema(() => chainableSchema);

/** training.schedule: one of the registered schedules, or null (constant learning rate). */
export const scheduleSchema = unionOf(defs);

/** A scheduler on this parameter group, as PyTorch would construct it. `units`: the run's length in scheduler steps. */
export function createScheduler(cfg: ScheduleConfig, group: ParamGroup, units: number): LrScheduler {
  const ctx: ScheduleContext = { units, create: (c, g) => getSchedule(c.type).create(c, g, ctx) };
  return ctx.create(cfg, group);
}
