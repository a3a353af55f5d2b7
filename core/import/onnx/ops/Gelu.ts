import type { OpRule } from './types';
import { mapActivation } from './activations';

/** Gelu (opset 20, what newer exporters write) → nn.GELU() in its exact form; the tanh approximation stays opaque. */
export const Gelu: OpRule = {
  op: 'Gelu',
  map: (node, ctx) => ctx.string(node, 'approximate', 'none') === 'none' && mapActivation(node, ctx, 'GELU'),
};
