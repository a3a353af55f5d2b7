import { BATCH } from '../tensor';
import type { OpRule } from './types';
import { ints, normAxis } from './foldUtil';

/** Shape of a data tensor: [N, ...sample] with N the symbolic batch size (start/end from opset 15). */
export const Shape: OpRule = {
  op: 'Shape',
  fold: (_node, [t]) => (t ? [ints([t.dims.length], t.dims)] : null),
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample) return false;
    const full = [BATCH, ...x.sample];
    const r = full.length;
    const start = normAxis(Math.max(-r, Math.min(ctx.int(node, 'start', 0), r - 1)), r) ?? 0;
    const endAttr = ctx.int(node, 'end', r);
    const end = endAttr < 0 ? endAttr + r : Math.min(endAttr, r);
    const data = full.slice(start, end);
    ctx.bind(node.outputs[0], { kind: 'const', t: ints([data.length], data) });
    return true;
  },
};
