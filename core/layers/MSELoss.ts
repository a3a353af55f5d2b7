import { elementwiseLoss } from './elementwiseLoss';

/** nn.MSELoss(): mean of squared differences. */
export const MSELoss = elementwiseLoss({
  type: 'MSELoss',
  doc: 'Mean squared error; integer labels are one-hot encoded',
  flopsPerElement: 3,
  perElement: (b, x, t) => {
    const d = b.sub(x, t);
    return b.mul(d, d);
  },
  module: () => 'nn.MSELoss()',
});
