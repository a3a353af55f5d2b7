import { classificationMetrics, classScoreDiagnostics, LOSS_SHAPE, negativeLogLikelihood } from './losses';
import type { LayerDef } from './types';

/**
 * nn.NLLLoss(): −mean of input[target], for log-probabilities (LogSoftmax before it;
 * LogSoftmax + NLLLoss is CrossEntropyLoss written out). Other inputs train, but not towards
 * probabilities, so the checker warns.
 */
export const NLLLoss: LayerDef = {
  type: 'NLLLoss',
  ...LOSS_SHAPE,
  doc: 'Negative log likelihood of integer class labels, from log-probabilities (put LogSoftmax before it)',
  infer: ({ nodeId, inputs, inputSources }) => {
    const x = inputs.input;
    const diagnostics = classScoreDiagnostics('NLLLoss', nodeId, x, inputs.target, 'log-probabilities');
    const src = inputSources?.input;
    if (x && src && src.type !== 'LogSoftmax') {
      diagnostics.push({ code: 'NLL_NOT_LOG_PROBS', severity: 'warning', nodeId, port: 'input', message: `NLLLoss expects log-probabilities but is fed by ${src.type}; insert LogSoftmax (dim 1) before it, or use CrossEntropyLoss on the scores` });
    }
    return { outputs: {}, paramCount: 0, flops: x && x.shape.length === 1 ? x.shape[0] : 0, diagnostics };
  },
  lower: ({ b, inputs }) => ({ loss: negativeLogLikelihood(b, inputs.input!, inputs.target!), ...classificationMetrics(b, inputs.input!, inputs.target!) }),
  torch: { module: () => 'nn.NLLLoss()' },
};
