import { batchNormLayer } from './batchNorm';

/** nn.BatchNorm2d: per-channel normalisation of C×H×W samples. */
export const BatchNorm2d = batchNormLayer('BatchNorm2d', [3], 'channels (C×H×W)');
