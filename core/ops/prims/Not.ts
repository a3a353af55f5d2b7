import type { PrimitiveOp } from '../types';

export const Not: PrimitiveOp = { name: 'Not', infer: ([x]) => [{ shape: [...x.shape], dtype: 'bool' }], nonDifferentiable: true };
