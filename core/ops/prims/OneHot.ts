import type { PrimitiveOp } from '../types';

/** One-hot float encoding of int64 class indices along a new last axis. */
export const OneHot: PrimitiveOp = {
  name: 'OneHot',
  infer: ([x], attrs) => [{ shape: [...x.shape, attrs.depth as number], dtype: 'float32' }],
  nonDifferentiable: true,
  emit: (node, ctx) =>
    ctx.node(
      'OneHot',
      [ctx.name(node.inputs[0]), ctx.int64([node.attrs.depth as number], []), ctx.float([0, 1], [2])],
      [ctx.name(node.outputs[0])],
      { axis: -1 },
      node,
    ),
};
