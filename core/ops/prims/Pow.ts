import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

/** Used for scalar bookkeeping (Adam's bias correction); no gradient needed there. */
export const Pow: PrimitiveOp = {
  name: 'Pow',
  infer: binaryInfer('Pow'),
};
