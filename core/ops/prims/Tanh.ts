import { unaryOp } from '../elementwise';

export const Tanh = unaryOp('Tanh', (b, _x, y, g) => b.mul(g, b.sub(b.scalar(1), b.mul(y, y))));
