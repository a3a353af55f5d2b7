import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Div: PrimitiveOp = {
  name: 'Div',
  infer: binaryInfer('Div'),
  vjp: (b, node, [g]) => {
    if (!g) return [null, null];
    const y = node.inputs[1];
    const gx = b.div(g, y);
    // d(x/y)/dy = -x/y² = -(g/y)·(x/y)
    return [gx, b.neg(b.mul(gx, node.outputs[0]))];
  },
};
