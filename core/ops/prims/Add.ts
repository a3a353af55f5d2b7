import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

export const Add: PrimitiveOp = {
  name: 'Add',
  infer: binaryInfer('Add'),
  vjp: (_b, _node, [g]) => [g, g],
};
