import { unaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

/**
 * ONNX LeakyRelu (attribute `alpha`, PyTorch's negative_slope): one kernel instead of a
 * Where over a comparison and a product. Gradient `alpha` at x ≤ 0, as PyTorch.
 */
export const LeakyRelu: PrimitiveOp = {
  name: 'LeakyRelu',
  infer: unaryInfer,
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const alpha = typeof node.attrs.alpha === 'number' ? node.attrs.alpha : 0.01;
    return [b.op1('Where', [b.op1('Greater', [node.inputs[0], b.scalar(0)]), g, b.mul(g, b.scalar(alpha))])];
  },
};
