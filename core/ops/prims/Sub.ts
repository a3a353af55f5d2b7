import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Sub: PrimitiveOp = {
  name: 'Sub',
  infer: binaryInfer('Sub'),
  vjp: (b, _node, [g]) => (g ? [g, b.neg(g)] : [null, null]),
};
