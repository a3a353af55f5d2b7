import type { Value } from '../../ir/ir';
import { reduceAxes, reduceInfer } from '../reduce';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

/**
 * Maximum over axes. Its gradient (single axis only) goes to the FIRST maximal element
 * along the axis, as MaxPool2d's does in PyTorch; max pooling lowers to this.
 * The mask is built from one slice per position along the axis (no broadcasting: ORT's
 * broadcast kernels were the slow part of every other formulation measured).
 */
export const ReduceMax: PrimitiveOp = {
  name: 'ReduceMax',
  infer: reduceInfer,
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const axes = reduceAxes(x, node.attrs);
    if (axes.length !== 1) throw new Error(`ReduceMax's gradient needs a single axis (${node.name})`);
    const axis = axes[0];
    const kept = x.shape.map((d, i) => (i === axis ? 1 : d));
    const y = b.reshape(node.outputs[0], kept);
    const gk = b.reshape(g, kept);
    const zero = b.scalar(0);
    const parts: Value[] = [];
    let free: Value | null = null; // positions before k held no maximum
    for (let k = 0; k < x.shape[axis]; k++) {
      const xk = b.op1('Slice', [x], { starts: [k], ends: [k + 1], axes: [axis], steps: [1] });
      const hit = b.op1('Equal', [xk, y]);
      const first = free ? b.op1('And', [hit, free]) : hit;
      parts.push(b.op1('Where', [first, gk, zero]));
      if (k < x.shape[axis] - 1) {
        const notHit = b.op1('Not', [hit]);
        free = free ? b.op1('And', [free, notHit]) : notHit;
      }
    }
    return [b.op1('Concat', parts, { axis })];
  },
  emit: (node, ctx) =>
    ctx.node(
      'ReduceMax',
      [ctx.name(node.inputs[0])],
      [ctx.name(node.outputs[0])],
      { axes: reduceAxes(node.inputs[0], node.attrs), keepdims: int(node.attrs.keepdims, 1) },
      node,
    ),
};
