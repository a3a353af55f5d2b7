import type { TensorValue } from '../context';
import type { OpRule } from './types';
import { elems, ints, normAxis, withElems } from './foldUtil';

/**
 * Concat: on constants (1-D shape vectors like [N, -1]) it folds; on data tensors along a
 * non-batch axis it is the Concat layer (ports in0..in{n-1}, PyTorch's `dim`).
 */
export const Concat: OpRule = {
  op: 'Concat',
  fold: (node, inputs, ctx) => {
    const parts = inputs.filter((t) => t && !(t.dims.length === 1 && t.dims[0] === 0));
    if (!parts.length || parts.some((t) => !t)) return null;
    const first = parts[0]!;
    if (parts.every((t) => t!.dims.length === 1)) {
      const data = parts.flatMap((t) => elems(t!));
      const allFloat = parts.every((t) => t!.dtype === 'float32');
      return [allFloat ? withElems(first, [data.length], data) : ints([data.length], data)];
    }
    const axis = normAxis(ctx.int(node, 'axis', 0), first.dims.length);
    if (axis !== 0) return null;
    const data = parts.flatMap((t) => elems(t!));
    return [withElems(first, [parts.reduce((s, t) => s + t!.dims[0], 0), ...first.dims.slice(1)], data)];
  },
  map: (node, ctx) => {
    if (!ctx.hasLayer('Concat')) return false;
    const tensors = node.inputs.map((_, i) => ctx.tensorIn(node, i));
    if (tensors.some((t) => !t) || tensors.length < 2) return false;
    const rank = (tensors[0]!.sample?.length ?? 0) + 1;
    const axis = normAxis(ctx.int(node, 'axis', 1), rank);
    if (!axis) return false;
    const inputs: Record<string, TensorValue> = {};
    tensors.forEach((t, i) => (inputs[`in${i}`] = t!));
    return ctx.mapped(node, ctx.addLayer({ type: 'Concat', params: { dim: axis }, inputs, node }));
  },
};
