import { CompileError } from '../../ir/errors';
import { window2d, windowOut } from '../convShapes';
import { convInputGrad, convWeightGrad } from '../convGrad';
import { canNchwcConv, emitNchwcConv } from '../nchwcConv';
import type { PrimitiveOp } from '../types';

/** 2-D convolution, NCHW, weights [M, C/group, kh, kw], optional bias [M]. */
export const Conv: PrimitiveOp = {
  name: 'Conv',
  infer: ([x, w], attrs) => {
    const win = window2d(attrs, w.shape.slice(2));
    if (x.shape.length !== 4 || w.shape.length !== 4 || x.shape[1] !== w.shape[1] * win.group) {
      throw new CompileError('IR_CONV', `Conv: input [${x.shape}] does not match weight [${w.shape}] with group ${win.group}`);
    }
    const [oh, ow] = windowOut(x, win);
    if (oh < 1 || ow < 1) throw new CompileError('IR_CONV', `Conv: output would be empty for input [${x.shape}]`);
    return [{ shape: [x.shape[0], w.shape[0], oh, ow], dtype: 'float32' }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null, null, null];
    const [x, w, bias] = node.inputs;
    const win = window2d(node.attrs, w.shape.slice(2));
    return [
      convInputGrad(b, g, x, w, win),
      convWeightGrad(b, g, x, w, win),
      bias ? b.reduceSum(g, [0, 2, 3]) : null,
    ];
  },
  // Training graphs on ORT's CPU provider (ctx.nchwc) run the blocked kernels.
  emit: (node, ctx) => {
    const [x, w, bias] = node.inputs;
    const win = window2d(node.attrs, w.shape.slice(2));
    if (!canNchwcConv(ctx.nchwc, x.shape[1], w.shape[0], win, node.outputs[0].shape.slice(2))) return ctx.node('Conv', node.inputs.map(ctx.name), [ctx.name(node.outputs[0])], node.attrs, node);
    emitNchwcConv(ctx, node, {
      x: ctx.name(x), w: ctx.name(w), bias: bias && ctx.name(bias), out: ctx.name(node.outputs[0]),
      inChannels: x.shape[1], outChannels: w.shape[0], win,
    });
  },
};
