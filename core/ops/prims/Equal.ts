import { comparisonInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Equal: PrimitiveOp = { name: 'Equal', infer: comparisonInfer('Equal'), nonDifferentiable: true };
