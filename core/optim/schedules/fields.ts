import { z } from 'zod';

/**
 * One field of a schedule, described once: the zod schema that validates it and the
 * training panel's inspector field are both made from this, so they cannot drift.
 * Names and defaults are PyTorch's constructor arguments.
 */
export type ScheduleField =
  | { name: string; kind: 'number'; default: number; min?: number; max?: number; minExclusive?: boolean; help: string }
  | { name: string; kind: 'int'; default: number; min: number; help: string }
  /** An int whose default (null) comes from the run's length: "auto". */
  | { name: string; kind: 'autoInt'; min: number; help: string }
  | { name: string; kind: 'ints'; default: number[]; help: string }
  | { name: string; kind: 'enum'; default: string; options: readonly string[]; help: string }
  | { name: string; kind: 'bool'; default: boolean; help: string };

const is = (error: string) => ({ error });

function fieldSchema(f: ScheduleField): z.ZodType {
  switch (f.kind) {
    case 'number': {
      const lo = f.min === undefined ? '' : f.minExclusive ? `> ${f.min}` : `≥ ${f.min}`;
      const hi = f.max === undefined ? '' : `≤ ${f.max}`;
      const what = `must be a number${lo || hi ? ' ' + [lo, hi].filter(Boolean).join(' and ') : ''}`;
      return z
        .number(is(what))
        .refine((v) => Number.isFinite(v) && (f.min === undefined || (f.minExclusive ? v > f.min : v >= f.min)) && (f.max === undefined || v <= f.max), is(what))
        .default(f.default);
    }
    case 'int':
      return z.int(is(`must be an integer ≥ ${f.min}`)).min(f.min, is(`must be an integer ≥ ${f.min}`)).default(f.default);
    case 'autoInt':
      return z.int(is(`must be an integer ≥ ${f.min}, or null for automatic`)).min(f.min, is(`must be an integer ≥ ${f.min}, or null for automatic`)).nullable().default(null);
    case 'ints':
      return z
        .array(z.int(is('must be a list of integers ≥ 0')).min(0, is('must be a list of integers ≥ 0')), is('must be a list of integers, like [30, 80]'))
        .default(() => [...f.default]);
    case 'bool':
      return z.boolean(is('must be true or false')).default(f.default);
    case 'enum':
      return z.enum(f.options as [string, ...string[]], is(`must be ${f.options.map((o) => `"${o}"`).join(' or ')}`)).default(f.default);
  }
}

/** The zod shape of a list of fields. */
export function fieldsShape(fields: readonly ScheduleField[]): Record<string, z.ZodType> {
  return Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)]));
}

/** The default value of every field (what a new schedule of this type starts with). */
export function fieldDefaults(fields: readonly ScheduleField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === 'autoInt' ? null : Array.isArray(f.default) ? [...f.default] : f.default]));
}
