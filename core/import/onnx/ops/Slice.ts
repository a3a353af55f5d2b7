import type { OpRule } from './types';
import { elems, withElems } from './foldUtil';

/** Slice of a 1-D constant (a shape vector's tail: `x.shape[1:]`). */
export const Slice: OpRule = {
  op: 'Slice',
  fold: (node, inputs, ctx) => {
    const [x] = inputs;
    if (!x || x.dims.length !== 1) return null;
    const get = (i: number, attr: string): number[] | null => {
      const a = ctx.ints(node, attr);
      if (a) return a;
      const t = inputs[i];
      if (!t) return null;
      const v = elems(t);
      return v.every((e) => typeof e === 'number') ? (v as number[]) : null;
    };
    const starts = get(1, 'starts');
    const ends = get(2, 'ends');
    if (!starts || !ends || starts.length !== 1 || ends.length !== 1) return null;
    const axes = get(3, 'axes') ?? [0];
    const steps = get(4, '__none__') ?? [1];
    if ((axes[0] !== 0 && axes[0] !== -1) || steps[0] !== 1) return null;
    const n = x.dims[0];
    const clamp = (v: number) => Math.max(0, Math.min(n, v < 0 ? v + n : v));
    const data = elems(x).slice(clamp(starts[0]), clamp(ends[0]));
    return [withElems(x, [data.length], data)];
  },
};
