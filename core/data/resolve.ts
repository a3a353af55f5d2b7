import type { DatasetSpec } from '../graph/document';
import { loadIdxDataset, loadMnist, randomDataset, type Dataset } from './dataset';
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
    case 'random': {
      const samples = spec.samples ?? 2048;
      const classes = spec.classes ?? 10;
      return {
        train: randomDataset(samples, inputShape, classes, seed),
        test: randomDataset(Math.max(1, Math.floor(samples / 5)), inputShape, classes, seed + 1),
      };
    }
    default:
      throw new DataError('bad_option', `unknown dataset kind ${JSON.stringify((spec as { kind: unknown }).kind)}; use mnist, idx or random`);
  }
}
