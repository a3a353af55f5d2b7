import { attrInts, broadcastShapes, broadcastTo } from '../tensor';
import type { RefOp } from './types';

/** Expand: the output shape is the numpy broadcast of the input shape and `shape` (so 1s in `shape` keep input dims). */
export const Expand: RefOp = ([x], attrs) => {
  const shape = attrInts(attrs, 'shape');
  if (!shape) throw new Error('Expand needs a shape attribute');
  return [broadcastTo(x, broadcastShapes(x.shape, shape))];
};
