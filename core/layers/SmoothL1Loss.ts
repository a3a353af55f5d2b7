import { elementwiseLoss } from './elementwiseLoss';
import { pyCall } from './torch';

/**
 * nn.SmoothL1Loss(beta=1): ½d²/beta where |d| < beta, |d| − ½beta elsewhere (Huber's loss
 * divided by beta); beta 0 is L1Loss, as in PyTorch.
 */
export const SmoothL1Loss = elementwiseLoss({
  type: 'SmoothL1Loss',
  doc: 'Squared error near zero, absolute error beyond beta; integer labels are one-hot encoded',
  params: [{ name: 'beta', kind: 'float', default: 1, min: 0, doc: 'Where the loss turns from quadratic to linear' }],
  flopsPerElement: 6,
  perElement: (b, x, t, p) => {
    const beta = p.beta as number;
    const a = b.op1('Abs', [b.sub(x, t)]);
    if (beta === 0) return a;
    const quadratic = b.mul(b.mul(a, a), b.scalar(0.5 / beta));
    return b.op1('Where', [b.op1('Less', [a, b.scalar(beta)]), quadratic, b.sub(a, b.scalar(0.5 * beta))]);
  },
  module: ({ params: p }) => pyCall('nn.SmoothL1Loss', [], [['beta', p.beta, 1]]),
});
