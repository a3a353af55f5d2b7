import type { RefOp } from './types';

/** Training-mode batch normalization over all axes but 1: y, the batch mean and biased variance per channel, x − mean (plain loops). */
export const BatchNormTrain: RefOp = ([x, scale, bias], attrs) => {
  const eps = typeof attrs.epsilon === 'number' ? attrs.epsilon : 1e-5;
  const [n, c] = x.shape;
  const inner = x.shape.slice(2).reduce((a, d) => a * d, 1);
  const count = n * inner;
  const at = (i: number, ch: number, k: number) => (i * c + ch) * inner + k;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const y = new Float64Array(x.data.length);
  const centred = new Float64Array(x.data.length);
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < inner; k++) s += x.data[at(i, ch, k)];
    mean[ch] = s / count;
    let v = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < inner; k++) v += (x.data[at(i, ch, k)] - mean[ch]) ** 2;
    variance[ch] = v / count;
    const inv = 1 / Math.sqrt(variance[ch] + eps);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < inner; k++) {
        centred[at(i, ch, k)] = x.data[at(i, ch, k)] - mean[ch];
        y[at(i, ch, k)] = centred[at(i, ch, k)] * inv * scale.data[ch] + bias.data[ch];
      }
    }
  }
  return [{ shape: [...x.shape], data: y }, { shape: [c], data: mean }, { shape: [c], data: variance }, { shape: [...x.shape], data: centred }];
};
