import { elementwiseLoss } from './elementwiseLoss';

/**
 * nn.BCEWithLogitsLoss(): binary cross entropy of sigmoid(input) against targets in [0, 1],
 * per element, so one output for a binary task ([1] with target_shape [1]) or one per label
 * for multi-label. Computed in PyTorch's stable form, max(x, 0) − x·t + log(1 + e^(−|x|)).
 */
export const BCEWithLogitsLoss = elementwiseLoss({
  type: 'BCEWithLogitsLoss',
  doc: 'Binary cross entropy on logits, per output (binary and multi-label); float targets in [0, 1]',
  flopsPerElement: 7,
  perElement: (b, x, t) => {
    const softplus = b.op1('Log', [b.add(b.scalar(1), b.op1('Exp', [b.neg(b.op1('Abs', [x]))]))]);
    return b.add(b.sub(b.op1('Relu', [x]), b.mul(x, t)), softplus);
  },
  module: () => 'nn.BCEWithLogitsLoss()',
});
