import { elementwiseLoss } from './elementwiseLoss';

/** nn.L1Loss(): mean absolute difference. */
export const L1Loss = elementwiseLoss({
  type: 'L1Loss',
  doc: 'Mean absolute error; integer labels are one-hot encoded',
  flopsPerElement: 3,
  perElement: (b, x, t) => b.op1('Abs', [b.sub(x, t)]),
  module: () => 'nn.L1Loss()',
});
