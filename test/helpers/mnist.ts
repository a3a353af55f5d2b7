/**
 * Real MNIST for tests that train several times: the template MLP, optionally on a subset of
 * MNIST written out as IDX files (the `idx` dataset kind), so a 4-epoch run takes seconds.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadMnist } from '../../core/data/dataset';
import type { ProjectDocument } from '../../core/graph/document';
import { parseDocument } from '../../core/graph/parse';

const ROOT = path.resolve(__dirname, '../..');

/** The MNIST MLP template with training overrides. */
export function mnistMlp(training: Record<string, unknown> = {}): ProjectDocument {
  const raw = JSON.parse(readFileSync(path.join(ROOT, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
  raw.training = { ...raw.training, ...training };
  return parseDocument(JSON.stringify(raw), 'mlp.wiregrad.json');
}

function idxFile(file: string, magic: number, dims: number[], data: Uint8Array): void {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  writeFileSync(file, Buffer.concat([header, data]));
}

/** The first `train` / `test` samples of each MNIST split as IDX files in `dir`; returns the dataset spec (normalised like MNIST). */
export function mnistSubset(dir: string, counts: { train: number; test: number }): Record<string, unknown> {
  mkdirSync(dir, { recursive: true });
  const spec: Record<string, string> = { kind: 'idx' };
  for (const split of ['train', 'test'] as const) {
    const ds = loadMnist(split);
    const n = counts[split];
    const images = path.join(dir, `${split}-images-idx3-ubyte`);
    const labels = path.join(dir, `${split}-labels-idx1-ubyte`);
    idxFile(images, 0x803, [n, 28, 28], (ds.images as Uint8Array).subarray(0, n * 784));
    idxFile(labels, 0x801, [n], Uint8Array.from(ds.labels.subarray(0, n)));
    spec[`${split}Images`] = images;
    spec[`${split}Labels`] = labels;
  }
  return spec;
}

export const MNIST_NORMALIZE = { mean: [0.1307], std: [0.3081] };
