import { CompileError } from '../../ir/errors';
import { emitInline } from '../../onnx/emitInline';
import { window2d } from '../convShapes';
import { weightGradDecomposed } from '../convGrad';
import { canNchwcWeightGrad, emitNchwcWeightGrad } from '../nchwcConv';
import type { PrimitiveOp } from '../types';

/**
 * A one-group Conv's weight gradient: (x [N, C, H, W], g [N, M, OH, OW]) → dW [M, C, kh, kw]
 * for the window in the attributes (kernel_shape, strides, pads, dilations).
 * Why a primitive: its fastest ONNX spelling depends on the target, which only the emitter
 * knows. On ORT's CPU kernels (ctx.nchwc) it is one blocked Conv with g as the kernel
 * (core/ops/nchwcConv.ts, ~2–2.6x faster than the slices and GEMMs for ResNet-8's 3×3
 * layers); elsewhere (CUDA, the exported training file) the decomposition in ../convGrad.ts.
 * Only used inside gradients, so it has no gradient of its own.
 */
export const ConvWeightGrad: PrimitiveOp = {
  name: 'ConvWeightGrad',
  infer: ([x, g], attrs) => {
    const win = window2d(attrs);
    if (x.shape.length !== 4 || g.shape.length !== 4 || x.shape[0] !== g.shape[0] || win.group !== 1) {
      throw new CompileError('IR_CONV', `ConvWeightGrad: input [${x.shape}] and output gradient [${g.shape}] do not form a one-group Conv`);
    }
    return [{ shape: [g.shape[1], x.shape[1], win.kernel[0], win.kernel[1]], dtype: 'float32' }];
  },
  emit: (node, ctx) => {
    const [x, g] = node.inputs;
    const win = window2d(node.attrs);
    if (canNchwcWeightGrad(ctx.nchwc, win)) return emitNchwcWeightGrad(ctx, node, ctx.name(x), ctx.name(g), x.shape, g.shape, win);
    emitInline(ctx, node, (b, [xi, gi]) => [weightGradDecomposed(b, gi, xi, node.outputs[0].shape, win)]);
  },
};
