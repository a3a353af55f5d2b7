import type { DatasetSpec } from '../graph/document';
import fs from 'node:fs';
import path from 'node:path';
import { loadCifar10Binary, loadIdxDataset, loadMnist, randomDataset, type Dataset } from './dataset';
import { DataError } from './errors';

export interface ResolvedData {
  train: Dataset;
  test?: Dataset;
}

/**
 * Turns a project's dataset spec into loaded datasets. `random` makes data of the model's
 * input shape (for benchmarks and the CIFAR-shaped template, since no CIFAR data ships).
 */
export function resolveDataset(spec: DatasetSpec, inputShape: number[], seed: number): ResolvedData {
  switch (spec.kind) {
    case 'mnist':
      return { train: loadMnist('train'), test: loadMnist('test') };
    case 'idx': {
      const train = loadIdxDataset(spec.trainImages, spec.trainLabels, 'idx');
      const test = spec.testImages && spec.testLabels ? loadIdxDataset(spec.testImages, spec.testLabels, 'idx') : undefined;
      return { train, test };
    }
    case 'cifar10': {
      const train = [1, 2, 3, 4, 5].map((i) => path.join(spec.dir, `data_batch_${i}.bin`));
      const test = path.join(spec.dir, 'test_batch.bin');
      const missing = [...train, test].filter((f) => !fs.existsSync(f));
      if (missing.length === 6) {
        throw new DataError('io', `${spec.dir}: no CIFAR-10 binary files here (expected data_batch_1.bin … data_batch_5.bin and test_batch.bin, from cifar-10-binary.tar.gz)`, spec.dir);
      }
      return {
        train: loadCifar10Binary(train.filter((f) => fs.existsSync(f)), 'cifar10'),
        test: fs.existsSync(test) ? loadCifar10Binary([test], 'cifar10') : undefined,
      };
    }
    case 'random': {
      const samples = spec.samples ?? 2048;
      const classes = spec.classes ?? 10;
      return {
        train: randomDataset(samples, inputShape, classes, seed),
        test: randomDataset(Math.max(1, Math.floor(samples / 5)), inputShape, classes, seed + 1),
      };
    }
    default:
      throw new DataError('bad_option', `unknown dataset kind ${JSON.stringify((spec as { kind: unknown }).kind)}; use mnist, idx, cifar10 or random`);
  }
}
