import { classificationMetrics, classScoreDiagnostics, LOSS_SHAPE, negativeLogLikelihood } from './losses';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/**
 * nn.CrossEntropyLoss(label_smoothing=0): mean over the batch of -log softmax(input)[target],
 * with optional smoothing. The target is an integer class label, or (torch ≥ 1.10) class
 * probabilities: an Input with target_shape [C] gives float soft labels of shape [N, C]
 * (e.g. C one-hot or soft label columns of a CSV table), smoothed the same way.
 */
export const CrossEntropyLoss: LayerDef = {
  type: 'CrossEntropyLoss',
  ...LOSS_SHAPE,
  params: [{ name: 'label_smoothing', kind: 'float', default: 0, min: 0, max: 1, doc: 'Mix the one-hot target with a uniform one by this amount (0 = none)' }],
  summary: (p) => (p.label_smoothing ? `mean · smoothing ${p.label_smoothing}` : 'mean'),
  doc: 'Cross entropy between class scores (logits) and integer class labels or class probabilities',
  infer: ({ nodeId, inputs, inputSources }) => {
    const x = inputs.input;
    const classes = x && x.shape.length === 1 ? x.shape[0] : 0;
    // Class probabilities come from the dataset (Input's y); a layer's output wired to the target is a mistake.
    const fromData = inputSources?.target === undefined || inputSources.target.port === 'y';
    const diagnostics = classScoreDiagnostics('CrossEntropyLoss', nodeId, x, inputs.target, 'class scores', fromData);
    const src = inputSources?.input?.type;
    // A classic mistake: the loss applies log-softmax itself, so probabilities in squash the gradient.
    if (src === 'Softmax' || src === 'LogSoftmax') {
      diagnostics.push({ code: 'CE_AFTER_SOFTMAX', severity: 'warning', nodeId, port: 'input', message: `CrossEntropyLoss applies log-softmax itself, so it wants raw scores, not ${src}'s output; remove the ${src} layer${src === 'LogSoftmax' ? ' or use NLLLoss' : ''}` });
    }
    return { outputs: {}, paramCount: 0, flops: 4 * classes, diagnostics };
  },
  lower: ({ b, inputs, params }) => {
    const logits = inputs.input!;
    const labels = inputs.target!;
    const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
    return { loss: negativeLogLikelihood(b, logp, labels, params.label_smoothing as number), ...classificationMetrics(b, logits, labels) };
  },
  torch: {
    module: ({ params: p }) => pyCall('nn.CrossEntropyLoss', [], [['label_smoothing', p.label_smoothing, 0]]),
    // Probability targets count a hit where the most likely class agrees, as the lowering does.
    classification: () => true,
  },
};
