import { z } from 'zod';
import { parseDeviceSpec } from '../runtime/deviceSpec';
import { defaultOptimizer, defaultTraining, type TrainingConfig } from './document';
import { describeIssues } from './schemaIssues';
import { datasetSpecSchema } from '../data/kinds/index';
import { augmentSchema, normalizeSchema } from '../data/kinds/transforms';
import { scheduleSchema } from '../optim/schedules/index';
import { MONITORED_METRICS } from './monitor';

/**
 * The training section's schema: types, ranges and defaults in one place, shared by the file
 * parser and every API entry point. Defaults come from defaultTraining()/defaultOptimizer(),
 * never a second copy. Unknown fields are kept (looseObject), as the file format promises.
 */

const is = (error: string) => ({ error });
/** A fresh copy of a default per parse (shared default objects could be mutated by a caller); typed loosely because the document's interfaces have no index signature. */
const fresh = <T>(v: T) => () => structuredClone(v) as never;
const number = (what: string) => z.number(is(`must be ${what}`)).refine(Number.isFinite, is(`must be ${what}`));
const nonNegative = (what = 'a number ≥ 0') => number(what).refine((v) => v >= 0, is(`must be ${what}`));
const positiveInt = () => z.int(is('must be a positive integer')).min(1, is('must be a positive integer'));

const sgdSchema = (d = defaultOptimizer('sgd')) =>
  z.looseObject({
    type: z.literal('sgd'),
    lr: nonNegative().default(d.lr),
    momentum: nonNegative().default(d.type === 'sgd' ? d.momentum : 0),
    dampening: nonNegative().default(d.type === 'sgd' ? d.dampening : 0),
    nesterov: z.boolean(is('must be true or false')).default(false),
    weight_decay: nonNegative().default(d.weight_decay),
  });

const betaSchema = number('a number in [0, 1)').refine((v) => v >= 0 && v < 1, is('must be a number in [0, 1)'));

const adamSchema = (type: 'adam' | 'adamw') => {
  const d = defaultOptimizer(type);
  return z.looseObject({
    type: z.literal(type),
    lr: nonNegative().default(d.lr),
    betas: z.tuple([betaSchema, betaSchema], is('must be two numbers in [0, 1), like [0.9, 0.999]')).default(fresh(d.type === 'sgd' ? [0.9, 0.999] : d.betas)),
    eps: nonNegative().default(d.type === 'sgd' ? 1e-8 : d.eps),
    weight_decay: nonNegative().default(d.weight_decay),
  });
};

const optimizerSchema = z.discriminatedUnion('type', [sgdSchema(), adamSchema('adam'), adamSchema('adamw')], is('must be "sgd", "adam" or "adamw"'));

const deviceSchema = z.string(is('must be a string like "cpu"')).superRefine((v, ctx) => {
  try {
    parseDeviceSpec(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `training.device: ${(e as Error).message}`, input: v, params: { whole: true } });
  }
});

// Dataset specs, normalisation and augmentation are defined next to the dataset-kind registry
// (core/data/kinds): one schema per kind there, never a list of kinds here.

const metricSchema = z.enum(MONITORED_METRICS, is(`must be ${MONITORED_METRICS.map((m) => `"${m}"`).join(', ')}`));

const earlyStoppingSchema = z.looseObject({
  monitor: metricSchema.default('val_loss'),
  patience: z.int(is('must be an integer ≥ 1')).min(1, is('must be an integer ≥ 1')).default(5),
  min_delta: nonNegative().default(0),
}, is('must be an object like {"monitor": "val_loss", "patience": 5, "min_delta": 0}'));

export function trainingSchema(d: TrainingConfig = defaultTraining()) {
  return z.looseObject({
    dataset: datasetSpecSchema.default(fresh(d.dataset)),
    batch_size: positiveInt().default(d.batch_size),
    epochs: positiveInt().default(d.epochs),
    optimizer: optimizerSchema.default(fresh(d.optimizer)),
    seed: z.int(is('must be an integer')).default(d.seed),
    device: deviceSchema.default(d.device),
    validation_split: number('a number in [0, 1)').refine((v) => v >= 0 && v < 1, is('must be a number in [0, 1)')).default(d.validation_split),
    shuffle: z.boolean(is('must be true or false')).default(d.shuffle),
    normalize: normalizeSchema.default(fresh(d.normalize)),
    augment: augmentSchema.default(fresh(d.augment)),
    // Optional sections stay absent when absent, so files without them round-trip unchanged.
    schedule: scheduleSchema.nullable().optional(),
    clip_grad_norm: number('a number > 0, or null for no clipping').refine((v) => v > 0, is('must be a number > 0, or null for no clipping')).nullable().optional(),
    early_stopping: earlyStoppingSchema.nullable().optional(),
    best_metric: metricSchema.optional(),
  }, is('must be an object'));
}

const schema = trainingSchema();

/**
 * Validates a training section, filling defaults; throws an Error whose message names the
 * field ("training.optimizer.lr must be a number ≥ 0, got "x""). Unknown fields are kept.
 */
export function validateTraining(raw: unknown): TrainingConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('"training" must be an object');
  const r = schema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new Error(describeIssues(r.error.issues, 'training').message);
  return r.data as TrainingConfig;
}
