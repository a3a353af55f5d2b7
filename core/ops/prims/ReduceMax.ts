import { reduceAxes, reduceInfer } from '../reduce';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Used for numerically stable softmax bookkeeping only; no gradient. */
export const ReduceMax: PrimitiveOp = {
  name: 'ReduceMax',
  infer: reduceInfer,
  nonDifferentiable: true,
  emit: (node, ctx) =>
    ctx.node(
      'ReduceMax',
      [ctx.name(node.inputs[0])],
      [ctx.name(node.outputs[0])],
      { axes: reduceAxes(node.inputs[0], node.attrs), keepdims: int(node.attrs.keepdims, 1) },
      node,
    ),
};
