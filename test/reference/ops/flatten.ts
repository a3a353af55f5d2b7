import { numel } from '../../../core/ir/ir';
import { attrNum } from '../tensor';
import type { RefOp } from './types';

/** Flatten to 2-D: [prod(dims < axis), prod(dims >= axis)]; axis may be negative or equal rank. */
export const Flatten: RefOp = ([x], attrs) => {
  const r = x.shape.length;
  let axis = attrNum(attrs, 'axis', 1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r) throw new Error(`Flatten: axis ${attrs.axis} out of range for rank ${r}`);
  const shape = [numel(x.shape.slice(0, axis)), numel(x.shape.slice(axis))];
  return [{ shape, data: Float64Array.from(x.data) }];
};
