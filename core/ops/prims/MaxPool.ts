import { window2d, windowAttrs, windowOut } from '../convShapes';
import { canBlockPool, emitBlockedMaxPool } from '../maxPoolBlocks';
import type { PrimitiveOp } from '../types';
import { numel } from '../../ir/ir';

/**
 * Max pooling with its Indices output (flat positions in the whole input tensor).
 * Gradient: non-overlapping windows scatter with MaxUnpool (exact, and faster than
 * ScatterElements in ORT); overlapping windows need ScatterElements with reduction=add.
 */
export const MaxPool: PrimitiveOp = {
  name: 'MaxPool',
  infer: ([x], attrs) => {
    const [oh, ow] = windowOut(x, window2d(attrs));
    const shape = [x.shape[0], x.shape[1], oh, ow];
    return [
      { shape, dtype: 'float32' },
      { shape, dtype: 'int64' },
    ];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const idx = node.outputs[1];
    const win = window2d(node.attrs);
    const overlapping = win.strides[0] < win.kernel[0] || win.strides[1] < win.kernel[1];
    if (!overlapping) {
      return [b.op1('MaxUnpool', [g, idx], { ...windowAttrs(win, false), output_shape: [...x.shape] })];
    }
    const total = numel(x.shape);
    const zeros = b.op1('Expand', [b.scalar(0)], { shape: [total] });
    const flat = b.op1('ScatterElements', [zeros, b.reshape(idx, [-1]), b.reshape(g, [-1])], {
      axis: 0,
      reduction: 'add',
    });
    return [b.reshape(flat, x.shape)];
  },
  // Training graphs (ctx.fastKernels) get the faster SpaceToDepth formulation when the
  // window allows it; same Y and Indices.
  emit: (node, ctx) => {
    const win = window2d(node.attrs);
    if (ctx.fastKernels && canBlockPool(node.inputs[0].shape, win)) return emitBlockedMaxPool(node, ctx, win);
    ctx.node('MaxPool', [ctx.name(node.inputs[0])], node.outputs.map((o) => ctx.name(o)), windowAttrs(win, false), node);
  },
};
