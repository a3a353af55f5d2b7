import type { MapContext, OnnxNode, TensorValue } from '../context';
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
    if (tensors.length === 1 && tensors[0]) {
      ctx.bind(node.outputs[0], tensors[0]); // torch.cat([x]): x itself (DenseNet's first layer)
      return true;
    }
    if (tensors.some((t) => !t?.sample) || tensors.length < 2) return false;
    const samples = tensors.map((t) => t!.sample!);
    const rank = samples[0].length + 1;
    const axis = normAxis(ctx.int(node, 'axis', 1), rank);
    if (!axis || samples.some((s) => s.length !== rank - 1)) return false;
    if (ctx.hasLayer('Concat')) {
      const layer = concatChain(ctx, node, tensors as TensorValue[], axis);
      if (layer) {
        ctx.bind(node.outputs[0], layer);
        return true;
      }
    }
    // Without the layer: kept as the ONNX op, with the shape a concatenation has.
    const out = [...samples[0]];
    out[axis - 1] = samples.reduce((s, x) => s + x[axis - 1], 0);
    return mapOpaque(node, ctx, { outputs: [out] });
  },
};

/** The Concat layer takes at most this many inputs; longer joins (DenseNet's) become a chain of them. */
const MAX_CONCAT_INPUTS = 16;

/** Concat layers joining `tensors` along `axis`: one, or a chain where each takes the previous result first. */
function concatChain(ctx: MapContext, node: OnnxNode, tensors: TensorValue[], axis: number): TensorValue | null {
  let acc: TensorValue | null = null;
  let rest = tensors;
  while (rest.length) {
    const take = acc ? MAX_CONCAT_INPUTS - 1 : MAX_CONCAT_INPUTS;
    const group = acc ? [acc, ...rest.slice(0, take)] : rest.slice(0, take);
    rest = rest.slice(take);
    if (group.length === 1) return group[0];
    const inputs: Record<string, TensorValue> = {};
    group.forEach((t, i) => (inputs[`in${i}`] = t));
    const r = ctx.addLayer({ type: 'Concat', params: { num_inputs: group.length, dim: axis }, inputs, node });
    if (!r) return null;
    acc = r.outputs.out;
  }
  return acc;
}
