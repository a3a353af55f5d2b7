import { comparisonInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const And: PrimitiveOp = { name: 'And', infer: comparisonInfer('And'), nonDifferentiable: true };
