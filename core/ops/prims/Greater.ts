import { comparisonInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Greater: PrimitiveOp = { name: 'Greater', infer: comparisonInfer('Greater'), nonDifferentiable: true };
