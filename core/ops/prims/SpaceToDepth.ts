import type { PrimitiveOp } from '../types';

/**
 * [N,C,H,W] → [N,b²·C,H/b,W/b] with the block offset (bh·b + bw) outermost, so the b² values
 * of each pooling window sit in b² contiguous planes (the fast 2-D max-pool lowering).
 */
export const SpaceToDepth: PrimitiveOp = {
  name: 'SpaceToDepth',
  infer: ([x], attrs) => {
    const b = attrs.blocksize as number;
    const [n, c, h, w] = x.shape;
    return [{ shape: [n, c * b * b, h / b, w / b], dtype: x.dtype }];
  },
  vjp: (bld, node, [g]) => [g ? bld.op1('DepthToSpace', [g], { blocksize: node.attrs.blocksize, mode: 'DCR' }) : null],
};
