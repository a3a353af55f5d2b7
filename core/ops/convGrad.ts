import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import { outputPadding, windowAttrs, type Window2d } from './convShapes';

/**
 * Gradients of Conv, expressed with forward-only ops. The choice of formulation is a
 * performance decision measured on ORT's CPU kernels (see DESIGN.md, performance model).
 */

/**
 * dL/dX as a ConvTranspose with the forward's window. (A Conv with the flipped, transposed
 * kernel was ~3% faster in one multi-threaded session, but ~4% slower single-threaded, which is
 * how conv nets train by default: one single-threaded replica per core.)
 */
export function convInputGrad(b: Builder, g: Value, x: Value, w: Value, win: Window2d): Value {
  const outPad = outputPadding(x.shape.slice(2), g.shape.slice(2), win);
  return b.op1('ConvTranspose', [g, w], { ...windowAttrs(win), output_padding: outPad });
}

/**
 * dL/dX of ConvTranspose(x, w): a Conv of the output gradient with the same weights and window
 * (ConvTranspose is that Conv's adjoint; output_padding < stride, so the Conv's output is x's size).
 */
export function convTransposeInputGrad(b: Builder, g: Value, w: Value, win: Window2d): Value {
  return b.op1('Conv', [g, w], windowAttrs(win));
}

/** dL/dW, group by group (one group is the common case). */
export function convWeightGrad(b: Builder, g: Value, x: Value, w: Value, win: Window2d): Value {
  if (win.group === 1) return weightGradOneGroup(b, g, x, win);
  const cin = x.shape[1] / win.group;
  const cout = w.shape[0] / win.group;
  const parts: Value[] = [];
  for (let k = 0; k < win.group; k++) {
    const xs = b.op1('Slice', [x], { starts: [k * cin], ends: [(k + 1) * cin], axes: [1], steps: [1] });
    const gs = b.op1('Slice', [g], { starts: [k * cout], ends: [(k + 1) * cout], axes: [1], steps: [1] });
    parts.push(weightGradOneGroup(b, gs, xs, { ...win, group: 1 }));
  }
  return b.op1('Concat', parts, { axis: 0 });
}

/** One group: a ConvWeightGrad node, which the emitter spells for its target (prims/ConvWeightGrad.ts). */
function weightGradOneGroup(b: Builder, g: Value, x: Value, win: Window2d): Value {
  const { kernel_shape, strides, pads, dilations } = windowAttrs(win);
  return b.op1('ConvWeightGrad', [x, g], { kernel_shape, strides, pads, dilations });
}

/**
 * dW as standard ops, for targets without ORT's blocked kernels. Measured on ORT's CPU kernels
 * (single-thread CPU time, course ConvNet and LeNet):
 * small kernels on many channels: channel-major, one Gemm per kernel tap (no batch reduction);
 * small kernels on few channels: per-image im2col + batched MatMul (the transposes cost more
 * than they save there); large kernels with few channels: a Conv over batch-transposed tensors.
 */
export function weightGradDecomposed(b: Builder, g: Value, x: Value, wShape: number[], win: Window2d): Value {
  if (win.kernel[0] * win.kernel[1] > 9) return weightGradTransposedConv(b, g, x, wShape, win);
  return x.shape[1] >= 16 ? weightGradChannelMajor(b, g, x, wShape, win) : weightGradIm2col(b, g, x, wShape, win);
}

/** dW[m,c,i,j] = sum_{n,oh,ow} g[n,m,oh,ow] · xpad[n,c,oh·s+i·d,ow·s+j·d] as a Conv over [C,N,H,W] with kernel [M,N,OH,OW]. */
function weightGradTransposedConv(b: Builder, g: Value, x: Value, wShape: number[], win: Window2d): Value {
  const xt = b.transpose(x, [1, 0, 2, 3]);
  const gt = b.transpose(g, [1, 0, 2, 3]);
  let r = b.op1('Conv', [xt, gt], {
    kernel_shape: [g.shape[2], g.shape[3]],
    strides: [...win.dilations],
    dilations: [...win.strides],
    pads: [...win.pads],
    group: 1,
  });
  if (r.shape[2] !== wShape[2] || r.shape[3] !== wShape[3]) {
    r = b.op1('Slice', [r], { starts: [0, 0], ends: [wShape[2], wShape[3]], axes: [2, 3], steps: [1, 1] });
  }
  return b.transpose(r, [1, 0, 2, 3]);
}

/**
 * Channel-major, one Gemm per kernel tap: transpose x to [C,N,H,W] (moves whole H·W planes),
 * g to [M, N·OH·OW]; then dW[:, :, i, j] = g · tap(i, j)ᵀ with tap(i, j) as [C, N·OH·OW], the
 * batch folded into the Gemms' inner dimension. One Gemm over the whole im2col matrix
 * [C·kh·kw, N·OH·OW] did the same arithmetic, but building that matrix (tens of MB: 16
 * channels on 32×32 images at batch 64) cost as much as the Gemm: per tap, ResNet-8 steps
 * took 1.23–1.26x less CPU time at batch 64, the course ConvNet 1.09–1.12x (64) and 1.00–1.06x (256).
 */
function weightGradChannelMajor(b: Builder, g: Value, x: Value, wShape: number[], win: Window2d): Value {
  const [n, c] = x.shape;
  const [, m, oh, ow] = g.shape;
  const gt = b.reshape(b.transpose(g, [1, 0, 2, 3]), [m, n * oh * ow]);
  const parts = kernelTaps(b, b.transpose(x, [1, 0, 2, 3]), win, oh, ow).map((t) =>
    b.reshape(b.op1('Gemm', [gt, b.reshape(t, [c, n * oh * ow])], { transB: 1 }), [m, c, 1]),
  );
  return b.reshape(parts.length > 1 ? b.op1('Concat', parts, { axis: 2 }) : parts[0], wShape);
}

/** im2col per image: the kernel taps → [N, C·kh·kw, OH·OW]; then a batched MatMul with g and a sum over the batch. */
function weightGradIm2col(b: Builder, g: Value, x: Value, wShape: number[], win: Window2d): Value {
  const [n, c] = x.shape;
  const [, m, oh, ow] = g.shape;
  const taps = kernelTaps(b, x, win, oh, ow).map((t) => b.reshape(t, [n, c, 1, oh * ow]));
  const cols = b.reshape(b.op1('Concat', taps, { axis: 2 }), [n, c * taps.length, oh * ow]);
  const perSample = b.op1('MatMul', [b.reshape(g, [n, m, oh * ow]), b.transpose(cols, [0, 2, 1])]);
  return b.reshape(b.reduceSum(perSample, [0]), wShape);
}

/**
 * For each kernel tap (i, j), the input values it multiplies at every output position: the
 * zero-padded input sliced from (i·dilation, j·dilation) with the conv's strides. Works on any
 * layout whose last two axes are H and W.
 */
function kernelTaps(b: Builder, x: Value, win: Window2d, oh: number, ow: number): Value[] {
  const hasPad = win.pads.some((p) => p > 0);
  const xp = hasPad ? b.op1('Pad', [x], { pads: [0, 0, win.pads[0], win.pads[1], 0, 0, win.pads[2], win.pads[3]] }) : x;
  const taps: Value[] = [];
  for (let i = 0; i < win.kernel[0]; i++) {
    for (let j = 0; j < win.kernel[1]; j++) {
      const h0 = i * win.dilations[0];
      const w0 = j * win.dilations[1];
      taps.push(
        b.op1('Slice', [xp], {
          starts: [h0, w0],
          ends: [h0 + win.strides[0] * (oh - 1) + 1, w0 + win.strides[1] * (ow - 1) + 1],
          axes: [2, 3],
          steps: [...win.strides],
        }),
      );
    }
  }
  return taps;
}
