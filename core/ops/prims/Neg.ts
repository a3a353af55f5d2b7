import { unaryOp } from '../elementwise';

export const Neg = unaryOp('Neg', (b, _x, _y, g) => b.neg(g));
