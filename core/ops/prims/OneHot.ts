import { normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

/** One-hot float encoding of int64 indices along a new axis (default: last). */
export const OneHot: PrimitiveOp = {
  name: 'OneHot',
  infer: ([x], attrs) => {
    const rank = x.shape.length + 1;
    const axis = normAxis(typeof attrs.axis === 'number' ? attrs.axis : -1, rank);
    const shape = [...x.shape];
    shape.splice(axis, 0, attrs.depth as number);
    return [{ shape, dtype: 'float32' }];
  },
  nonDifferentiable: true,
  emit: (node, ctx) =>
    ctx.node(
      'OneHot',
      [ctx.name(node.inputs[0]), ctx.int64([node.attrs.depth as number], []), ctx.float([0, 1], [2])],
      [ctx.name(node.outputs[0])],
      { axis: typeof node.attrs.axis === 'number' ? node.attrs.axis : -1 },
      node,
    ),
};
