import type { PrimitiveOp } from '../types';

/** Inverse of SpaceToDepth (DCR mode). */
export const DepthToSpace: PrimitiveOp = {
  name: 'DepthToSpace',
  infer: ([x], attrs) => {
    const b = attrs.blocksize as number;
    const [n, c, h, w] = x.shape;
    return [{ shape: [n, c / (b * b), h * b, w * b], dtype: x.dtype }];
  },
  vjp: (bld, node, [g]) => [g ? bld.op1('SpaceToDepth', [g], { blocksize: node.attrs.blocksize }) : null],
};
