import type { PrimitiveOp } from '../types';

export const Transpose: PrimitiveOp = {
  name: 'Transpose',
  infer: ([x], attrs) => {
    const perm = (attrs.perm as number[]) ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    return [{ shape: perm.map((p) => x.shape[p]), dtype: x.dtype }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const perm = node.attrs.perm as number[];
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [b.transpose(g, inverse)];
  },
};
