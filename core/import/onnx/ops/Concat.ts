import type { TensorValue } from '../context';
import { mapOpaque } from '../opaque';
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
    const tensors = node.inputs.map((_, i) => ctx.tensorIn(node, i));
    if (tensors.some((t) => !t?.sample) || tensors.length < 2) return false;
    const samples = tensors.map((t) => t!.sample!);
    const rank = samples[0].length + 1;
    const axis = normAxis(ctx.int(node, 'axis', 1), rank);
    if (!axis || samples.some((s) => s.length !== rank - 1)) return false;
    const inputs: Record<string, TensorValue> = {};
    tensors.forEach((t, i) => (inputs[`in${i}`] = t!));
    const layer = ctx.hasLayer('Concat') ? ctx.addLayer({ type: 'Concat', params: { num_inputs: tensors.length, dim: axis }, inputs, node }) : null;
    if (layer) return ctx.mapped(node, layer);
    // Without the layer: kept as the ONNX op, with the shape a concatenation has.
    const out = [...samples[0]];
    out[axis - 1] = samples.reduce((s, x) => s + x[axis - 1], 0);
    return mapOpaque(node, ctx, { outputs: [out] });
  },
};
