import type { OpRule } from './types';
import { mapActivation } from './activations';

/** LeakyRelu(alpha) → nn.LeakyReLU(negative_slope); ONNX's default alpha is PyTorch's 0.01. */
export const LeakyRelu: OpRule = {
  op: 'LeakyRelu',
  map: (node, ctx) => mapActivation(node, ctx, 'LeakyReLU', { negative_slope: Math.fround(ctx.float(node, 'alpha', 0.01)) }),
};
