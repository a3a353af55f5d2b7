import { z } from 'zod';
import type { DatasetKindDef } from './types';

export const mnistSchema = z.looseObject({ kind: z.literal('mnist') });
export type MnistSpec = z.infer<typeof mnistSchema>;

export const mnist: DatasetKindDef<MnistSpec> = {
  kind: 'mnist',
  label: 'MNIST (built-in)',
  short: 'MNIST',
  schema: mnistSchema,
  fields: [],
  create: () => ({ kind: 'mnist' }),
  defaultNormalize: { mean: [0.1307], std: [0.3081] },
  images: true,
  defaultShape: [1, 28, 28],
};
