import { attrInts, tensor } from '../tensor';
import type { RefOp } from './types';

/** IR Constant: flat row-major `data` with `dims`; dtype rounding is left to the interpreter. */
export const Constant: RefOp = (_inputs, attrs) => {
  const data = attrInts(attrs, 'data');
  const dims = attrInts(attrs, 'dims');
  if (!data || !dims) throw new Error('Constant needs data and dims attributes');
  return [tensor(dims, data)];
};
