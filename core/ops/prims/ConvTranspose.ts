import { CompileError } from '../../ir/errors';
import { window2d } from '../convShapes';
import { convTransposeInputGrad, convWeightGrad } from '../convGrad';
import { canNchwcConv, emitFlippedTransposedKernel, emitNchwcConv, transposedAsConv } from '../nchwcConv';
import { canNchwcPhases, emitStridedTransposeAsPhases, stridedPhases } from '../nchwcPhases';
import type { PrimitiveOp } from '../types';
import { ints } from '../shapes';

/**
 * Transposed convolution, NCHW, weights [C, M/group, kh, kw], optional bias [M]: the adjoint
 * of Conv with the same weights and window. Conv's and AveragePool's gradients use it, and the
 * ConvTranspose2d layer lowers to it.
 *
 * Gradient: y = Aᵀx where A is Conv(·, w) mapping y-shaped tensors to x-shaped ones, so
 * dL/dx = A·g = Conv(g, w) with the same window, and dL/dw is Conv's weight gradient with the
 * roles swapped (the conv's input is g, its output gradient is x).
 */
export const ConvTranspose: PrimitiveOp = {
  name: 'ConvTranspose',
  infer: ([x, w, bias], attrs) => {
    const win = window2d(attrs, w.shape.slice(2));
    if (x.shape.length !== 4 || w.shape.length !== 4 || x.shape[1] !== w.shape[0] || x.shape[1] % win.group !== 0) {
      throw new CompileError('IR_CONV', `ConvTranspose: input [${x.shape}] does not match weight [${w.shape}] with group ${win.group}`);
    }
    const op = ints(attrs.output_padding, [0, 0]);
    if (op.some((v, i) => v < 0 || v >= win.strides[i])) {
      // ONNX Runtime rejects output_padding >= stride (PyTorch also allows < dilation).
      throw new CompileError('IR_CONV', `ConvTranspose: output_padding [${op}] must be below the stride [${win.strides}]`);
    }
    const hw = [0, 1].map(
      (i) =>
        win.strides[i] * (x.shape[2 + i] - 1) + op[i] + (win.kernel[i] - 1) * win.dilations[i] + 1 - win.pads[i] - win.pads[i + 2],
    );
    if (hw[0] < 1 || hw[1] < 1) throw new CompileError('IR_CONV', `ConvTranspose: output would be empty for input [${x.shape}]`);
    const m = w.shape[1] * win.group;
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== m)) {
      throw new CompileError('IR_CONV', `ConvTranspose: bias [${bias.shape}] does not match ${m} output channels`);
    }
    return [{ shape: [x.shape[0], m, hw[0], hw[1]], dtype: 'float32' }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null, null, null];
    const [x, w, bias] = node.inputs;
    const win = window2d(node.attrs, w.shape.slice(2));
    return [
      convTransposeInputGrad(b, g, w, win),
      convWeightGrad(b, x, g, w, win),
      bias ? b.reduceSum(g, [0, 2, 3]) : null,
    ];
  },
  // On ORT's CPU provider (ctx.nchwc) a stride-1 ConvTranspose runs as a blocked forward Conv,
  // and a strided one as one blocked stride-1 Conv per output phase, interleaved in the blocked
  // layout (core/ops/nchwcPhases.ts). ResNet-8 b64, ORT's profile (2026-12-03): res2's 3×3
  // stride-2 input gradient 3.65 → 1.99 ms, res3's 2.91 → 1.76 ms. Earlier attempts that did not
  // pay (2026-12-02): the phases interleaved by plain-layout Concats (6.6 → 5.2 ms for both, but
  // each phase reordered on its own), one Conv with the 4 phases as output channels and a
  // Transpose of B-float rows (3.56 → 3.7 ms), DepthToSpace (2.3 ms alone). 1×1 stride-2 ones
  // (phases without taps) stay ORT's. WIREGRAD_NCHWC_PHASES=0 turns the phases off (measurements).
  emit: (node, ctx) => {
    const [g, w, bias] = node.inputs;
    const win = window2d(node.attrs, w.shape.slice(2));
    const outHW = node.outputs[0].shape.slice(2);
    const asConv = transposedAsConv(win, ints(node.attrs.output_padding, [0, 0]));
    const phases = !asConv && ctx.nchwc > 0 && process.env.WIREGRAD_NCHWC_PHASES !== '0' ? stridedPhases(win, g.shape.slice(2), outHW) : null;
    if (phases && canNchwcPhases(ctx.nchwc, g.shape[1], w.shape[1], phases)) {
      return emitStridedTransposeAsPhases(ctx, node, {
        g: ctx.name(g), w: ctx.name(w), bias: bias && ctx.name(bias), out: ctx.name(node.outputs[0]),
        batch: g.shape[0], inChannels: g.shape[1], outChannels: w.shape[1], win, plan: phases,
      });
    }
    if (!asConv || !canNchwcConv(ctx.nchwc, g.shape[1], w.shape[1], asConv, outHW)) {
      return ctx.node('ConvTranspose', node.inputs.map(ctx.name), [ctx.name(node.outputs[0])], node.attrs, node);
    }
    emitNchwcConv(ctx, node, {
      x: ctx.name(g), w: emitFlippedTransposedKernel(ctx, node, ctx.name(w)), bias: bias && ctx.name(bias), out: ctx.name(node.outputs[0]),
      inChannels: g.shape[1], outChannels: w.shape[1], win: asConv,
    });
  },
};
