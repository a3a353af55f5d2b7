import { unaryOp } from '../elementwise';

export const Sigmoid = unaryOp('Sigmoid', (b, _x, y, g) => b.mul(g, b.mul(y, b.sub(b.scalar(1), y))));
