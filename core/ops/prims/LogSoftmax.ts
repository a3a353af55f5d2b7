import { unaryInfer } from '../elementwise';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

export const LogSoftmax: PrimitiveOp = {
  name: 'LogSoftmax',
  infer: unaryInfer,
  // dx = g - softmax(x) * sum(g, axis)
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const axis = int(node.attrs.axis, -1);
    const softmax = b.op1('Exp', [node.outputs[0]]);
    const total = b.op1('ReduceSum', [g], { axes: [axis], keepdims: 1 });
    return [b.sub(g, b.mul(softmax, total))];
  },
};
