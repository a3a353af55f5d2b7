import { window2d } from '../convShapes';
import { canNchwcConv, emitFlippedTransposedKernel, emitNchwcConv, transposedAsConv } from '../nchwcConv';
import type { PrimitiveOp } from '../types';
import { ints } from '../shapes';

/** Transposed convolution; used by Conv's and AveragePool's gradients, so it needs no VJP of its own. */
export const ConvTranspose: PrimitiveOp = {
  name: 'ConvTranspose',
  infer: ([x, w], attrs) => {
    const win = window2d(attrs, w.shape.slice(2));
    const op = ints(attrs.output_padding, [0, 0]);
    const hw = [0, 1].map(
      (i) =>
        win.strides[i] * (x.shape[2 + i] - 1) + op[i] + (win.kernel[i] - 1) * win.dilations[i] + 1 - win.pads[i] - win.pads[i + 2],
    );
    return [{ shape: [x.shape[0], w.shape[1] * win.group, hw[0], hw[1]], dtype: 'float32' }];
  },
  nonDifferentiable: true,
  // On ORT's CPU provider (ctx.nchwc) a stride-1 ConvTranspose runs as a blocked forward Conv.
  emit: (node, ctx) => {
    const [g, w] = node.inputs;
    const win = window2d(node.attrs, w.shape.slice(2));
    const asConv = transposedAsConv(win, ints(node.attrs.output_padding, [0, 0]));
    if (!asConv || node.inputs.length > 2 || !canNchwcConv(ctx.nchwc, g.shape[1], asConv, node.outputs[0].shape.slice(2))) {
      return ctx.node('ConvTranspose', node.inputs.map(ctx.name), [ctx.name(node.outputs[0])], node.attrs, node);
    }
    emitNchwcConv(ctx, node, {
      x: ctx.name(g), w: emitFlippedTransposedKernel(ctx, node, ctx.name(w)), out: ctx.name(node.outputs[0]),
      inChannels: g.shape[1], outChannels: w.shape[1], win: asConv,
    });
  },
};
