import type { OpRule } from './types';
import { mapActivation } from './activations';

/** Gelu (opset 20, and what newer exporters write) → nn.GELU(approximate). */
export const Gelu: OpRule = {
  op: 'Gelu',
  map: (node, ctx) => mapActivation(node, ctx, 'GELU', { approximate: ctx.string(node, 'approximate', 'none') }),
};
