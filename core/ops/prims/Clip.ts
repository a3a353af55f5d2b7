import { unaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

/**
 * Clip to [min, max] (IR attributes; ONNX takes them as scalar inputs since opset 11): ReLU6
 * and Hardtanh in one kernel. Gradient g strictly inside (min, max), 0 at and beyond the
 * bounds, as PyTorch's hardtanh_backward.
 */
export const Clip: PrimitiveOp = {
  name: 'Clip',
  infer: unaryInfer,
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const inside = b.op1('Where', [b.op1('Less', [x, b.scalar(node.attrs.max as number)]), g, b.scalar(0)]);
    return [b.op1('Where', [b.op1('Greater', [x, b.scalar(node.attrs.min as number)]), inside, b.scalar(0)])];
  },
  emit: (node, ctx) => {
    const bound = (v: unknown) => ctx.float([v as number], []);
    ctx.node('Clip', [ctx.name(node.inputs[0]), bound(node.attrs.min), bound(node.attrs.max)], [ctx.name(node.outputs[0])], {}, node);
  },
};
