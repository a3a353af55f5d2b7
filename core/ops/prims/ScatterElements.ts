import type { PrimitiveOp } from '../types';

/** Used by MaxPool's gradient for overlapping windows (reduction=add accumulates). */
export const ScatterElements: PrimitiveOp = {
  name: 'ScatterElements',
  infer: ([data]) => [{ shape: [...data.shape], dtype: data.dtype }],
  nonDifferentiable: true,
};
