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
    let offset = 0;
    return node.inputs.map((v) => {
      const start = offset;
      offset += v.shape[axis];
      return b.op1('Slice', [g], { starts: [start], ends: [offset], axes: [axis], steps: [1] });
    });
  },
};
