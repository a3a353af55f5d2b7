import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Div: PrimitiveOp = {
  name: 'Div',
  infer: binaryInfer('Div'),
  vjp: (b, node, [g]) => {
    if (!g) return [null, null];
    const [x, y] = node.inputs;
    const gx = b.div(g, y);
    // d(x/y)/dy = -x/y^2 = -(out)/y
    const gy = b.neg(b.div(b.mul(gx, node.outputs[0]), y));
    void x;
    return [gx, gy];
  },
};
