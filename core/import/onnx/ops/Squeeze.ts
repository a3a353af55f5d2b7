import type { OpRule } from './types';
import { axesOf, elems, normAxis, withElems } from './foldUtil';

/** Squeeze on constants. */
export const Squeeze: OpRule = {
  op: 'Squeeze',
  fold: (node, inputs, ctx) => {
    const [x] = inputs;
    if (!x) return null;
    const axes = axesOf(node, inputs, ctx) ?? x.dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
    const norm = new Set(axes.map((a) => normAxis(a, x.dims.length)));
    if (norm.has(null)) return null;
    return [withElems(x, x.dims.filter((_, i) => !norm.has(i)), elems(x))];
  },
};
