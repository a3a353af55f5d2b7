import { unaryOp } from '../elementwise';

// sign(x)·g, with gradient 0 at x = 0 as PyTorch.
export const Abs = unaryOp('Abs', (b, x, _y, g) => {
  const zero = b.scalar(0);
  return b.op1('Where', [b.op1('Greater', [x, zero]), g, b.op1('Where', [b.op1('Less', [x, zero]), b.neg(g), zero])]);
});
