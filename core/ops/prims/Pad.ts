import type { PrimitiveOp } from '../types';

/** Constant zero padding (pads in ONNX order: all begins, then all ends). */
export const Pad: PrimitiveOp = {
  name: 'Pad',
  infer: ([x], attrs) => {
    const p = attrs.pads as number[];
    const r = x.shape.length;
    return [{ shape: x.shape.map((d, i) => d + p[i] + p[r + i]), dtype: x.dtype }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const p = node.attrs.pads as number[];
    const r = x.shape.length;
    const axes = x.shape.map((_, i) => i);
    return [
      b.op1('Slice', [g], {
        starts: axes.map((i) => p[i]),
        ends: axes.map((i) => p[i] + x.shape[i]),
        axes,
        steps: axes.map(() => 1),
      }),
    ];
    void r;
  },
  emit: (node, ctx) =>
    ctx.node('Pad', [ctx.name(node.inputs[0]), ctx.int64(node.attrs.pads as number[])], [ctx.name(node.outputs[0])], { mode: 'constant' }, node),
};
