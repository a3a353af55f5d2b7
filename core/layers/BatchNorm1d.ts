import { batchNormLayer } from './batchNorm';

/** nn.BatchNorm1d: per-feature normalisation of [C] or [C, L] samples. */
export const BatchNorm1d = batchNormLayer('BatchNorm1d', [1, 2], 'features (C or C×L)');
