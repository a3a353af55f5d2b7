import type { OpRule } from './types';
import { axesOf, elems, withElems } from './foldUtil';

/** Unsqueeze on constants: axes from the attribute (opset < 13) or the second input. */
export const Unsqueeze: OpRule = {
  op: 'Unsqueeze',
  fold: (node, inputs, ctx) => {
    const [x] = inputs;
    const axes = axesOf(node, inputs, ctx);
    if (!x || !axes) return null;
    const r = x.dims.length + axes.length;
    const norm = axes.map((a) => (a < 0 ? a + r : a)).sort((a, b) => a - b);
    const dims = [...x.dims];
    for (const a of norm) {
      if (a < 0 || a > dims.length) return null;
      dims.splice(a, 0, 1);
    }
    return [withElems(x, dims, elems(x))];
  },
};
