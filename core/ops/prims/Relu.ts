import { unaryOp } from '../elementwise';

// Gradient 0 at x = 0, as PyTorch.
export const Relu = unaryOp('Relu', (b, _x, y, g) =>
  b.op1('Where', [b.op1('Greater', [y, b.scalar(0)]), g, b.scalar(0)]),
);
