import { attrInts, forEachIndex, ravel, strides, zeros } from '../tensor';
import type { RefOp } from './types';

/** Transpose: output axis i is input axis perm[i]; default perm reverses the axes. */
export const Transpose: RefOp = ([x], attrs) => {
  const r = x.shape.length;
  const perm = attrInts(attrs, 'perm') ?? x.shape.map((_, i) => r - 1 - i);
  if (perm.length !== r || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`Transpose: bad perm [${perm.join(',')}] for rank ${r}`);
  }
  const inSt = strides(x.shape);
  // Stride of each output axis when reading the input.
  const readSt = perm.map((p) => inSt[p]);
  const y = zeros(perm.map((p) => x.shape[p]));
  forEachIndex(y.shape, (idx, flat) => {
    y.data[flat] = x.data[ravel(idx, readSt)];
  });
  return [y];
};
