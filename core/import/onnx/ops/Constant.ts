import type { OpRule } from './types';
import { ints } from './foldUtil';

/** Constant: its tensor (value) or one of the scalar/list forms (value_float, value_ints, ...). */
export const Constant: OpRule = {
  op: 'Constant',
  fold: (node, _inputs, ctx) => {
    const t = ctx.tensorAttr(node, 'value');
    if (t) return [t];
    if (ctx.hasAttr(node, 'value_float')) return [{ dtype: 'float32', dims: [], data: Float32Array.of(ctx.float(node, 'value_float', 0)) }];
    if (ctx.hasAttr(node, 'value_int')) return [ints([], [ctx.int(node, 'value_int', 0)])];
    const list = ctx.ints(node, 'value_ints');
    if (list) return [ints([list.length], list)];
    return null;
  },
};
