import type { OpRule } from './types';
import { elems } from './foldUtil';

/** Dropout → nn.Dropout(p): ratio from the second input (opset 12 on) or the attribute; default 0.5. */
export const Dropout: OpRule = {
  op: 'Dropout',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    // The mask output has no layer counterpart.
    if (!x || node.outputs.slice(1).some((o) => o && ctx.consumers(o).length)) return false;
    const ratio = ctx.constIn(node, 1);
    const p = ratio ? Number(elems(ratio)[0]) : ctx.float(node, 'ratio', 0.5);
    if (!Number.isFinite(p) || p < 0 || p > 1) return false;
    return ctx.mapped(node, ctx.addLayer({ type: 'Dropout', params: { p: Math.round(Math.fround(p) * 1e6) / 1e6 }, inputs: { in: x }, node }));
  },
};
