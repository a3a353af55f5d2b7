import { elementCount, type IntElem } from '../tensor';
import type { OpRule } from './types';
import { elems, normAxis, strides, withElems } from './foldUtil';

/** Gather on constants (the batch entry picked out of a Shape). */
export const Gather: OpRule = {
  op: 'Gather',
  fold: (node, [data, indices], ctx) => {
    if (!data || !indices) return null;
    const axis = normAxis(ctx.int(node, 'axis', 0), data.dims.length);
    if (axis === null || data.dims.length === 0) return null;
    const idx = elems(indices);
    if (!idx.every((i) => typeof i === 'number')) return null;
    const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
    if (elementCount(dims) > 4096) return null;
    const src = elems(data);
    const st = strides(data.dims);
    const outer = elementCount(data.dims.slice(0, axis));
    const inner = st[axis];
    const out: IntElem[] = [];
    for (let o = 0; o < outer; o++) {
      for (const i0 of idx as number[]) {
        const i = i0 < 0 ? i0 + data.dims[axis] : i0;
        if (i < 0 || i >= data.dims[axis]) return null;
        for (let k = 0; k < inner; k++) out.push(src[o * data.dims[axis] * inner + i * inner + k]);
      }
    }
    return [withElems(data, dims, out)];
  },
};
