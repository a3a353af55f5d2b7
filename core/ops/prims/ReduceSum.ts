import { expandBack, reduceAxes, reduceInfer } from '../reduce';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

export const ReduceSum: PrimitiveOp = {
  name: 'ReduceSum',
  infer: reduceInfer,
  vjp: (b, node, [g]) => [g ? expandBack(b, g, node.inputs[0], node.attrs) : null],
  // Since opset 13 ReduceSum takes its axes as an input.
  emit: (node, ctx) =>
    ctx.node(
      'ReduceSum',
      [ctx.name(node.inputs[0]), ctx.int64(reduceAxes(node.inputs[0], node.attrs))],
      [ctx.name(node.outputs[0])],
      { keepdims: int(node.attrs.keepdims, 1) },
      node,
    ),
};
