import { z } from 'zod';
import { filePath } from './schemaParts';
import type { DatasetKindDef } from './types';

/** CIFAR-10 "binary version": a folder with data_batch_1..5.bin and test_batch.bin. */
export const cifar10Schema = z.looseObject({ kind: z.literal('cifar10'), dir: filePath });
export type Cifar10Spec = z.infer<typeof cifar10Schema>;

export const cifar10: DatasetKindDef<Cifar10Spec> = {
  kind: 'cifar10',
  label: 'CIFAR-10 binary files from disk',
  short: 'CIFAR-10 files',
  schema: cifar10Schema,
  fields: [{ name: 'dir', label: 'CIFAR-10 folder', type: 'dir', placeholder: '…/cifar-10-batches-bin (data_batch_1.bin … test_batch.bin)', doc: 'folder of the binary version' }],
  create: () => ({ kind: 'cifar10', dir: '' }),
  defaultNormalize: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
  images: true,
  defaultShape: [3, 32, 32],
  fromPath: (p) => (p.isDir && p.entries.includes('data_batch_1.bin') ? { kind: 'cifar10', dir: p.path } : null),
};

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
