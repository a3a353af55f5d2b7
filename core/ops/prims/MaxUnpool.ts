import { window2d, windowAttrs } from '../convShapes';
import type { PrimitiveOp } from '../types';

export const MaxUnpool: PrimitiveOp = {
  name: 'MaxUnpool',
  infer: (_inputs, attrs) => [{ shape: [...(attrs.output_shape as number[])], dtype: 'float32' }],
  nonDifferentiable: true,
  emit: (node, ctx) =>
    ctx.node(
      'MaxUnpool',
      [ctx.name(node.inputs[0]), ctx.name(node.inputs[1]), ctx.int64(node.attrs.output_shape as number[])],
      [ctx.name(node.outputs[0])],
      windowAttrs(window2d(node.attrs), false),
      node,
    ),
};
