import { unaryOp } from '../elementwise';

export const Exp = unaryOp('Exp', (b, _x, y, g) => b.mul(g, y));
