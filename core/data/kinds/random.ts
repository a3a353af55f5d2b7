import { z } from 'zod';
import { positiveInt } from './schemaParts';
import type { DatasetKindDef } from './types';

/** Uniform random samples of the model's input shape: smoke tests and timing without real data. */
export const randomSchema = z.looseObject({
  kind: z.literal('random'),
  samples: positiveInt(10_000_000).optional(),
  classes: positiveInt(100_000).optional(),
});
export type RandomSpec = z.infer<typeof randomSchema>;

export const random: DatasetKindDef<RandomSpec> = {
  kind: 'random',
  label: 'Random (smoke test)',
  short: 'Random data',
  schema: randomSchema,
  fields: [
    { name: 'samples', label: 'Samples', type: 'int', optional: true, default: 2048, doc: 'training samples (the test set gets a fifth as many)' },
    { name: 'classes', label: 'Classes', type: 'int', optional: true, default: 10, doc: 'number of random labels' },
  ],
  create: () => ({ kind: 'random', samples: 1024, classes: 10 }),
  defaultNormalize: null,
  images: true,
  defaultShape: [1, 28, 28],
  seeded: true,
};

/** What absent fields mean, from the field specs (one source for the panel and the loader). */
export const RANDOM_DEFAULTS = { samples: random.fields[0].default!, classes: random.fields[1].default! };
