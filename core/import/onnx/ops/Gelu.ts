import type { OpRule } from './types';
import { mapActivation } from './activations';

/** Gelu (opset 20, what newer exporters write) → nn.GELU(approximate=...) in either form. */
export const Gelu: OpRule = {
  op: 'Gelu',
  map: (node, ctx) => {
    const approximate = ctx.string(node, 'approximate', 'none');
    if (approximate !== 'none' && approximate !== 'tanh') return false;
    return mapActivation(node, ctx, 'GELU', approximate === 'none' ? {} : { approximate });
  },
};
