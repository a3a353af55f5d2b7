import { unaryInfer } from '../elementwise';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

export const Softmax: PrimitiveOp = {
  name: 'Softmax',
  infer: unaryInfer,
  // dx = y * (g - sum(g * y, axis))
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const y = node.outputs[0];
    const axis = int(node.attrs.axis, -1);
    const dot = b.op1('ReduceSum', [b.mul(g, y)], { axes: [axis], keepdims: 1 });
    return [b.mul(y, b.sub(g, dot))];
  },
};
