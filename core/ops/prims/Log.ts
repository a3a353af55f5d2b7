import { unaryOp } from '../elementwise';

export const Log = unaryOp('Log', (b, x, _y, g) => b.div(g, x));
