import { elementCount } from '../tensor';
import type { OpRule } from './types';
import { elems, withElems } from './foldUtil';

/** ConstantOfShape with a constant shape (small ones only: folded values stay small). */
export const ConstantOfShape: OpRule = {
  op: 'ConstantOfShape',
  fold: (node, [shape], ctx) => {
    if (!shape) return null;
    const dims = elems(shape);
    if (!dims.every((d) => typeof d === 'number' && d >= 0)) return null;
    const n = elementCount(dims as number[]);
    if (n > 4096) return null;
    const value = ctx.tensorAttr(node, 'value') ?? { dtype: 'float32' as const, dims: [1], data: Float32Array.of(0) };
    const v = elems(value)[0] ?? 0;
    return [withElems(value, dims as number[], new Array(n).fill(v))];
  },
};
