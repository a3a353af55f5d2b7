import type { OpRule } from './types';
import { mapPool } from './pooling';

export const AveragePool: OpRule = {
  op: 'AveragePool',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    return !!x && mapPool(node, ctx, x);
  },
};
