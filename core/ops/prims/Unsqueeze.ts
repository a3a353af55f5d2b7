import { normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

export const Unsqueeze: PrimitiveOp = {
  name: 'Unsqueeze',
  infer: ([x], attrs) => {
    const rank = x.shape.length + (attrs.axes as number[]).length;
    const axes = (attrs.axes as number[]).map((a) => normAxis(a, rank));
    const shape: number[] = [];
    let k = 0;
    for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[k++]);
    return [{ shape, dtype: x.dtype }];
  },
  vjp: (b, node, [g]) => [g ? b.reshape(g, node.inputs[0].shape) : null],
  emit: (node, ctx) =>
    ctx.node('Unsqueeze', [ctx.name(node.inputs[0]), ctx.int64(node.attrs.axes as number[])], [ctx.name(node.outputs[0])], {}, node),
};
