import type { OpRule } from './types';
import { foldArithmetic } from './arithmetic';

/** Add: folds on constants; two data tensors of one shape → the Add layer (a residual join). */
export const Add: OpRule = {
  op: 'Add',
  fold: foldArithmetic((x, y) => x + y),
  map: (node, ctx) => {
    const a = ctx.tensorIn(node, 0);
    const b = ctx.tensorIn(node, 1);
    if (!a || !b || !ctx.hasLayer('Add')) return false;
    return ctx.mapped(node, ctx.addLayer({ type: 'Add', params: { num_inputs: 2 }, inputs: { in0: a, in1: b }, node }));
  },
};
