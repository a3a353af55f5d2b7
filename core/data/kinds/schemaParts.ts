import { z } from 'zod';

/** A path as typed by the user; emptiness is reported when the dataset is loaded, naming the field. */
export const filePath = z.string().max(4096).refine((s) => !s.includes('\0'), 'is not a valid path');

/** Fraction of the data held out for testing. */
export const testFraction = z.number().min(0, 'must be in [0, 1)').lt(1, 'must be in [0, 1)');
