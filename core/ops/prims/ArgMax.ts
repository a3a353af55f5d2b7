import { int, normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

export const ArgMax: PrimitiveOp = {
  name: 'ArgMax',
  infer: ([x], attrs) => {
    const axis = normAxis(int(attrs.axis, 0), x.shape.length);
    const keep = int(attrs.keepdims, 1) === 1;
    const shape = x.shape.flatMap((d, i) => (i === axis ? (keep ? [1] : []) : [d]));
    return [{ shape, dtype: 'int64' }];
  },
  nonDifferentiable: true,
};
