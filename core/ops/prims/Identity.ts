import { unaryOp } from '../elementwise';

export const Identity = unaryOp('Identity', (_b, _x, _y, g) => g);
