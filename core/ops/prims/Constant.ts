import type { DType } from '../../ir/ir';
import type { PrimitiveOp } from '../types';

/** Compile-time constant; the emitter turns it into an initializer. */
export const Constant: PrimitiveOp = {
  name: 'Constant',
  infer: (_inputs, attrs) => [{ shape: [...(attrs.dims as number[])], dtype: (attrs.dtype as DType) ?? 'float32' }],
  nonDifferentiable: true,
};
