import type { OpRule } from './types';
import { mapActivation } from './activations';
import { normAxis } from './foldUtil';

/**
 * Softmax(axis) → nn.Softmax(dim). Before opset 13 Softmax flattened from `axis` on (default
 * 1): the same as PyTorch's only over the last axis, so older files map when axis is last.
 */
export const Softmax: OpRule = {
  op: 'Softmax',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample) return false;
    const rank = x.sample.length + 1;
    const axis = normAxis(ctx.int(node, 'axis', ctx.opset >= 13 ? -1 : 1), rank);
    if (axis === null || axis === 0 || (ctx.opset < 13 && axis !== rank - 1)) return false;
    return mapActivation(node, ctx, 'Softmax', { dim: axis });
  },
};
