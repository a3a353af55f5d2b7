import type { OpRule } from './types';
import { normAxis } from './foldUtil';

/** Flatten(axis=1) → nn.Flatten(); other axes would fold the batch and stay opaque. */
export const Flatten: OpRule = {
  op: 'Flatten',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample) return false;
    if (normAxis(ctx.int(node, 'axis', 1), x.sample.length + 1) !== 1) return false;
    return ctx.mapped(node, ctx.addLayer({ type: 'Flatten', params: {}, inputs: { in: x }, node }));
  },
};
