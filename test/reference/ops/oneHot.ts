import { attrInts, attrNum, forEachIndex, normAxis, ravel, strides, zeros } from '../tensor';
import type { RefOp } from './types';

/**
 * OneHot(indices) with `depth` as an attribute. The new axis is `axis` (default -1 = trailing);
 * `values` = [off, on] defaults to [0, 1]. Negative indices wrap once (ONNX); anything still out
 * of [0, depth) gives an all-off row.
 */
export const OneHot: RefOp = ([ind], attrs) => {
  const depth = attrNum(attrs, 'depth', NaN);
  if (!Number.isInteger(depth) || depth < 1) throw new Error('OneHot needs a positive integer depth attribute');
  const [off, on] = attrInts(attrs, 'values') ?? [0, 1];
  const r = ind.shape.length;
  const axis = normAxis(attrNum(attrs, 'axis', -1), r + 1);
  const shape = [...ind.shape.slice(0, axis), depth, ...ind.shape.slice(axis)];
  const y = zeros(shape);
  y.data.fill(off);
  const outSt = strides(shape);
  forEachIndex(ind.shape, (idx, flat) => {
    let k = Math.trunc(ind.data[flat]);
    if (k < 0) k += depth;
    if (k < 0 || k >= depth) return;
    y.data[ravel([...idx.slice(0, axis), k, ...idx.slice(axis)], outSt)] = on;
  });
  return [y];
};
