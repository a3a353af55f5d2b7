import { int, normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

export const Concat: PrimitiveOp = {
  name: 'Concat',
  infer: (inputs, attrs) => {
    const axis = normAxis(int(attrs.axis, 0), inputs[0].shape.length);
    const shape = [...inputs[0].shape];
    shape[axis] = inputs.reduce((a, v) => a + v.shape[axis], 0);
    return [{ shape, dtype: inputs[0].dtype }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return node.inputs.map(() => null);
    const axis = normAxis(int(node.attrs.axis, 0), g.shape.length);
    if (node.inputs.length === 1) return [g];
    // One Split, not one Slice per input: see Split.ts on fan-out.
    return b.op('Split', [g], { axis, split: node.inputs.map((v) => v.shape[axis]) });
  },
};
