import { z } from 'zod';

/** A path as typed by the user; emptiness is reported when the dataset is loaded, naming the field. */
export const filePath = z
  .string({ error: 'must be a path (text)' })
  .max(4096, { error: 'is too long for a path' })
  .refine((s) => !s.includes('\0'), { error: 'is not a valid path' });

/** Held out for testing when the data has no test set of its own. */
export const DEFAULT_TEST_SPLIT = 0.2;

/** Fraction of the data held out for testing. */
export const testFraction = z.number({ error: 'must be a fraction in [0, 1)' }).min(0, { error: 'must be a fraction in [0, 1)' }).lt(1, { error: 'must be a fraction in [0, 1)' });

export const positiveInt = (max: number) =>
  z.int({ error: 'must be a positive integer' }).min(1, { error: 'must be a positive integer' }).max(max, { error: `must be at most ${max}` });
