import { broadcastShapes } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Element-wise maximum of two tensors; used inside pooling lowerings, so no gradient rule. */
export const Max: PrimitiveOp = {
  name: 'Max',
  infer: ([a, b]) => [{ shape: broadcastShapes(a.shape, b.shape, 'Max'), dtype: a.dtype }],
  nonDifferentiable: true,
};
