import type { OpRule } from './types';
import { mapPool } from './pooling';

export const MaxPool: OpRule = {
  op: 'MaxPool',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    return !!x && mapPool(node, ctx, x);
  },
};
