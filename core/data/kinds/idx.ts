import { z } from 'zod';
import { filePath } from './schemaParts';
import type { DatasetKindDef } from './types';

export const idxSchema = z.looseObject({
  kind: z.literal('idx'),
  trainImages: filePath,
  trainLabels: filePath,
  testImages: filePath.optional(),
  testLabels: filePath.optional(),
});
export type IdxSpec = z.infer<typeof idxSchema>;

export const idx: DatasetKindDef<IdxSpec> = {
  kind: 'idx',
  label: 'IDX files from disk',
  short: 'IDX files',
  schema: idxSchema,
  fields: [
    { name: 'trainImages', label: 'Train images', type: 'file', placeholder: '…-images-idx3-ubyte', doc: 'IDX images (optionally .gz)' },
    { name: 'trainLabels', label: 'Train labels', type: 'file', placeholder: '…-labels-idx1-ubyte', doc: 'IDX labels (optionally .gz)' },
    { name: 'testImages', label: 'Test images', type: 'file', optional: true, placeholder: '…-images-idx3-ubyte', doc: 'optional test images' },
    { name: 'testLabels', label: 'Test labels', type: 'file', optional: true, placeholder: '…-labels-idx1-ubyte', doc: 'optional test labels' },
  ],
  create: () => ({ kind: 'idx', trainImages: '', trainLabels: '', testImages: '', testLabels: '' }),
  defaultNormalize: null,
  images: true,
};
