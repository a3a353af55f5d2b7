import { numel } from '../../../core/ir/ir';
import { attrNum, zeros } from '../tensor';
import type { RefOp } from './types';

/** Inference batch normalization over axis 1 with given statistics. */
export const BatchNormalization: RefOp = ([x, scale, bias, mean, variance], attrs) => {
  const eps = attrNum(attrs, 'epsilon', 1e-5);
  const [n, c] = x.shape;
  const inner = numel(x.shape.slice(2));
  const y = zeros(x.shape);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++) {
      const k = (scale.data[ch] / Math.sqrt(variance.data[ch] + eps));
      for (let j = 0; j < inner; j++) {
        const at = (i * c + ch) * inner + j;
        y.data[at] = (x.data[at] - mean.data[ch]) * k + bias.data[ch];
      }
    }
  return [y];
};
