import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Mul: PrimitiveOp = {
  name: 'Mul',
  infer: binaryInfer('Mul'),
  vjp: (b, node, [g]) => {
    if (!g) return [null, null];
    const [x, y] = node.inputs;
    return [b.mul(g, y), b.mul(g, x)];
  },
};
