import { CompileError } from '../../ir/errors';
import { int, normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

/**
 * Splits a tensor along `axis` into parts of the sizes in `split` (ONNX Split; the IR keeps
 * the sizes as an attribute, the emitter makes them a constant input). One Split instead of
 * N Slices matters for big graphs: ONNX Runtime's session setup is quadratic in the number
 * of consumers of one node (measured: 8,000 Slices of one vector take 8 s, one Split 0.6 s;
 * its topological sort keeps the ready nodes in a sorted list), and a model reads every
 * weight out of the one flat parameter vector, through a tree of Splits (SPLIT_FANOUT in
 * core/compile/programs.ts).
 */
export const Split: PrimitiveOp = {
  name: 'Split',
  infer: ([x], attrs) => {
    const axis = normAxis(int(attrs.axis, 0), x.shape.length);
    const sizes = attrs.split as number[];
    const total = sizes.reduce((a, s) => a + s, 0);
    if (total !== x.shape[axis]) throw new CompileError('IR_SHAPE', `Split: sizes add up to ${total}, but axis ${axis} has ${x.shape[axis]}`);
    return sizes.map((s) => ({ shape: x.shape.map((d, i) => (i === axis ? s : d)), dtype: x.dtype }));
  },
  vjp: (b, node, grads) => {
    if (grads.every((g) => g === null)) return [null];
    const axis = normAxis(int(node.attrs.axis, 0), node.inputs[0].shape.length);
    const parts = node.outputs.map((o, i) => grads[i] ?? b.op1('Expand', [b.scalar(0)], { shape: [...o.shape] }));
    return [parts.length === 1 ? parts[0] : b.op1('Concat', parts, { axis })];
  },
  emit: (node, ctx) => {
    const axis = normAxis(int(node.attrs.axis, 0), node.inputs[0].shape.length);
    const sizes = ctx.int64(node.attrs.split as number[]);
    ctx.node('Split', [ctx.name(node.inputs[0]), sizes], node.outputs.map((o) => ctx.name(o)), { axis }, node);
  },
};
