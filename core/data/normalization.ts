/**
 * Which normalisation a run uses: the project's explicit mean/std, the dataset kind's
 * default (MNIST's 0.1307/0.3081, CIFAR-10's), or "compute": per-channel (per-feature for
 * tables) mean and population std over the TRAINING samples only, so no statistic of the
 * validation or test data leaks into training. The result is reported with the run and
 * reused for validation, test and export.
 */
import type { DataSource } from './loader';
import { sourceDataset, sourceIndices } from './loader';
import { datasetKind, type DatasetKind } from './kinds/index';
import type { NormalizeSetting, NormalizeValues } from './kinds/transforms';
import { readSample } from './samples';

export function resolveNormalization(setting: NormalizeSetting | undefined, kind: DatasetKind, train: DataSource): NormalizeValues | null {
  const s = setting === undefined || setting === null ? datasetKind(kind).defaultNormalize : setting;
  if (s === 'compute') return computeNormalization(train);
  return s;
}

/** Mean and population std per channel over the source's samples, in [0, 1] units for byte images. */
export function computeNormalization(source: DataSource): NormalizeValues {
  const ds = sourceDataset(source);
  const indices = sourceIndices(source);
  const shape = ds.sampleShape;
  const channels = shape.length === 1 ? shape[0] : shape.length === 2 ? 1 : shape[0];
  const plane = shape.length === 1 ? 1 : shape.length === 2 ? shape[0] * shape[1] : shape[1] * shape[2];
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  const scratch = ds.images instanceof Uint8Array ? new Uint8Array(channels * plane) : new Float32Array(channels * plane);
  for (let k = 0; k < indices.length; k++) {
    const { src, offset } = readSample(ds, indices[k], scratch);
    for (let c = 0; c < channels; c++) {
      let s = 0;
      let q = 0;
      const o = offset + c * plane;
      for (let i = 0; i < plane; i++) {
        const v = src[o + i];
        s += v;
        q += v * v;
      }
      sum[c] += s;
      sq[c] += q;
    }
  }
  const n = indices.length * plane;
  const unit = ds.images instanceof Uint8Array ? 1 / 255 : 1;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    const m = sum[c] / n;
    const variance = Math.max(0, sq[c] / n - m * m);
    mean.push(m * unit);
    // A constant channel would divide by zero; like sklearn's StandardScaler, leave it unscaled.
    std.push(variance > 1e-12 * Math.max(1, m * m) ? Math.sqrt(variance) * unit : 1);
  }
  return { mean, std };
}
