import { broadcastShapes } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Broadcast to a shape; the gradient is the identity, and the engine sums over the broadcast axes. */
export const Expand: PrimitiveOp = {
  name: 'Expand',
  infer: ([x], attrs) => [{ shape: broadcastShapes(x.shape, attrs.shape as number[], 'Expand'), dtype: x.dtype }],
  vjp: (_b, _node, [g]) => [g],
  emit: (node, ctx) =>
    ctx.node('Expand', [ctx.name(node.inputs[0]), ctx.int64(node.attrs.shape as number[])], [ctx.name(node.outputs[0])], {}, node),
};
