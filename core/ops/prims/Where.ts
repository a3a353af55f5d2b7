import { broadcastShapes } from '../shapes';
import type { PrimitiveOp } from '../types';

export const Where: PrimitiveOp = {
  name: 'Where',
  infer: ([c, x, y]) => [
    { shape: broadcastShapes(broadcastShapes(c.shape, x.shape, 'Where'), y.shape, 'Where'), dtype: x.dtype },
  ],
  vjp: (b, node, [g]) => {
    if (!g) return [null, null, null];
    const zero = b.scalar(0);
    const c = node.inputs[0];
    return [null, b.op1('Where', [c, g, zero]), b.op1('Where', [c, zero, g])];
  },
};
