import { attrInts, zeros } from '../tensor';
import { readWindow } from './spatial';
import type { RefOp } from './types';

/**
 * MaxUnpool(X, I): zeros of the output shape with out.flat[I[i]] = X.flat[i]; later writes win
 * on duplicate indices. Output shape comes from the `output_shape` attribute (the full shape),
 * else ONNX's default (in-1)*stride + kernel - pad_begin - pad_end per spatial dim.
 */
export const MaxUnpool: RefOp = ([x, ind], attrs) => {
  if (x.shape.join(',') !== ind.shape.join(',')) throw new Error('MaxUnpool: X and I shapes differ');
  let shape = attrInts(attrs, 'output_shape');
  if (!shape) {
    const rank = x.shape.length - 2;
    const win = readWindow(attrs, rank);
    const k = rank === 1 ? [win.kw] : [win.kh, win.kw];
    const s = rank === 1 ? [win.sw] : [win.sh, win.sw];
    const p = rank === 1 ? [win.pl + win.pr] : [win.pt + win.pb, win.pl + win.pr];
    shape = [x.shape[0], x.shape[1], ...x.shape.slice(2).map((d, a) => (d - 1) * s[a] + k[a] - p[a])];
  }
  const y = zeros(shape);
  for (let i = 0; i < x.data.length; i++) {
    const t = ind.data[i];
    if (!Number.isInteger(t) || t < 0 || t >= y.data.length) throw new Error(`MaxUnpool: index ${t} out of range`);
    y.data[t] = x.data[i];
  }
  return [y];
};
