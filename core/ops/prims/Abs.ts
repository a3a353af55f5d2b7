import { unaryOp } from '../elementwise';

export const Abs = unaryOp('Abs', (b, x, _y, g) =>
  b.op1('Where', [b.op1('Less', [x, b.scalar(0)]), b.neg(g), g]),
);
