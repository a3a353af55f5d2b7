import { classificationMetrics, classScoreDiagnostics, LOSS_SHAPE, negativeLogLikelihood } from './losses';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/** nn.CrossEntropyLoss(label_smoothing=0): mean over the batch of -log softmax(input)[target], with optional smoothing. */
export const CrossEntropyLoss: LayerDef = {
  type: 'CrossEntropyLoss',
  ...LOSS_SHAPE,
  params: [{ name: 'label_smoothing', kind: 'float', default: 0, min: 0, max: 1, doc: 'Mix the one-hot target with a uniform one by this amount (0 = none)' }],
  summary: (p) => (p.label_smoothing ? `mean · smoothing ${p.label_smoothing}` : 'mean'),
  doc: 'Cross entropy between class scores (logits) and integer class labels',
  infer: ({ nodeId, inputs }) => {
    const x = inputs.input;
    const classes = x && x.shape.length === 1 ? x.shape[0] : 0;
    return { outputs: {}, paramCount: 0, flops: 4 * classes, diagnostics: classScoreDiagnostics('CrossEntropyLoss', nodeId, x, inputs.target, 'class scores') };
  },
  lower: ({ b, inputs, params }) => {
    const logits = inputs.input!;
    const labels = inputs.target!;
    const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
    return { loss: negativeLogLikelihood(b, logp, labels, params.label_smoothing as number), ...classificationMetrics(b, logits, labels) };
  },
  torch: { module: ({ params: p }) => pyCall('nn.CrossEntropyLoss', [], [['label_smoothing', p.label_smoothing, 0]]) },
};
