import { normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

export const Squeeze: PrimitiveOp = {
  name: 'Squeeze',
  infer: ([x], attrs) => {
    const axes = (attrs.axes as number[]).map((a) => normAxis(a, x.shape.length));
    return [{ shape: x.shape.filter((_, i) => !axes.includes(i)), dtype: x.dtype }];
  },
  vjp: (b, node, [g]) => [g ? b.reshape(g, node.inputs[0].shape) : null],
  emit: (node, ctx) =>
    ctx.node('Squeeze', [ctx.name(node.inputs[0]), ctx.int64(node.attrs.axes as number[])], [ctx.name(node.outputs[0])], {}, node),
};
