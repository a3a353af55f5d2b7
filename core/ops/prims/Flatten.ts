import { numel } from '../../ir/ir';
import { int, normAxis } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Batch-size agnostic, so exported models keep a symbolic batch dimension. */
export const Flatten: PrimitiveOp = {
  name: 'Flatten',
  infer: ([x], attrs) => {
    const axis = normAxis(int(attrs.axis, 1), x.shape.length);
    return [{ shape: [numel(x.shape.slice(0, axis)), numel(x.shape.slice(axis))], dtype: x.dtype }];
  },
  vjp: (b, node, [g]) => [g ? b.reshape(g, node.inputs[0].shape) : null],
};
