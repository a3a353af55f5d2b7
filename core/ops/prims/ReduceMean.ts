import { expandBack, reduceAxes, reduceInfer } from '../reduce';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

export const ReduceMean: PrimitiveOp = {
  name: 'ReduceMean',
  infer: reduceInfer,
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const count = reduceAxes(x, node.attrs).reduce((a, i) => a * x.shape[i], 1);
    return [expandBack(b, b.mul(g, b.scalar(1 / count)), x, node.attrs)];
  },
  emit: (node, ctx) =>
    ctx.node(
      'ReduceMean',
      [ctx.name(node.inputs[0])],
      [ctx.name(node.outputs[0])],
      { axes: reduceAxes(node.inputs[0], node.attrs), keepdims: int(node.attrs.keepdims, 1) },
      node,
    ),
};
