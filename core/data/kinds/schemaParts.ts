import { z } from 'zod';

/** A path as typed by the user; emptiness is reported when the dataset is loaded, naming the field. */
export const filePath = z.string().max(4096).refine((s) => !s.includes('\0'), 'is not a valid path');

/** Held out for testing when the data has no test set of its own. */
export const DEFAULT_TEST_SPLIT = 0.2;

/** Fraction of the data held out for testing. */
export const testFraction = z.number().min(0, 'must be in [0, 1)').lt(1, 'must be in [0, 1)');
