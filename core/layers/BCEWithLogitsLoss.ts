import { elementwiseLoss } from './elementwiseLoss';
import { layerError, shapeText } from './diagnostics';
import { pyLiteral } from './torch';

/**
 * nn.BCEWithLogitsLoss(pos_weight=None): binary cross entropy of sigmoid(input) against
 * targets in [0, 1], per element, so one output for a binary task ([1] with target_shape [1])
 * or one per label for multi-label. Computed in PyTorch's stable form,
 * max(x, 0) − x·t + log(1 + e^(−|x|)); with pos_weight p (one number, or one per class,
 * broadcast over the input's last dimension as torch does) the positive term is weighted:
 * (1 − t)·x + ((p − 1)·t + 1)·(log(1 + e^(−|x|)) + max(−x, 0)), torch's own formula.
 */
export const BCEWithLogitsLoss = elementwiseLoss({
  type: 'BCEWithLogitsLoss',
  doc: 'Binary cross entropy on logits, per output (binary and multi-label); float targets in [0, 1]',
  params: [
    { name: 'pos_weight', kind: 'floatList', default: null, nullText: 'none (1 for every class)', min: 0, doc: 'Weight of positive examples: one number, or one per class (comma-separated, e.g. 3, 1, 0.5)' },
  ],
  flopsPerElement: 7,
  perElement: (b, x, t, params) => {
    const softplus = b.op1('Log', [b.add(b.scalar(1), b.op1('Exp', [b.neg(b.op1('Abs', [x]))]))]);
    const p = params.pos_weight as number[] | null;
    if (!p) return b.add(b.sub(b.op1('Relu', [x]), b.mul(x, t)), softplus);
    const weight = b.constant(p, [p.length]);
    const logWeight = b.add(b.mul(b.sub(weight, b.scalar(1)), t), b.scalar(1));
    return b.add(b.mul(b.sub(b.scalar(1), t), x), b.mul(logWeight, b.add(softplus, b.op1('Relu', [b.neg(x)]))));
  },
  checkParams: (nodeId, x, params) => {
    const p = params.pos_weight as number[] | null;
    const last = x.shape[x.shape.length - 1] ?? 1;
    if (!p || p.length === 1 || p.length === last) return [];
    return [layerError('BCE_POS_WEIGHT_SIZE', nodeId, `BCEWithLogitsLoss's pos_weight has ${p.length} values but the input ${shapeText(x)} has ${last} per sample in its last dimension; give one number, or ${last} (one per class)`)];
  },
  module: ({ params }) => {
    const p = params.pos_weight as number[] | null;
    return p ? `nn.BCEWithLogitsLoss(pos_weight=torch.tensor(${pyLiteral(p)}, dtype=torch.float32))` : 'nn.BCEWithLogitsLoss()';
  },
});
