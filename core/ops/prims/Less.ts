import { comparisonInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Less: PrimitiveOp = { name: 'Less', infer: comparisonInfer('Less'), nonDifferentiable: true };
