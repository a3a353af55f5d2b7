import { unaryOp } from '../elementwise';

export const Sqrt = unaryOp('Sqrt', (b, _x, y, g) => b.div(g, b.mul(b.scalar(2), y)));
