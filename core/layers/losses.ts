import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import type { LayerDef, TensorType } from './types';

/** What every loss node looks like on the canvas: `input` and integer `target`, no output. */
export const LOSS_SHAPE: Pick<LayerDef, 'category' | 'params' | 'inputs' | 'outputs' | 'summary'> = {
  category: 'loss',
  params: [],
  inputs: [
    { name: 'input', kind: 'tensor', required: true },
    { name: 'target', kind: 'label', required: true },
  ],
  outputs: [],
  summary: () => 'mean',
};

/** Classification metrics every loss over class scores reports: predicted class and number correct. */
export function classificationMetrics(b: Builder, logits: Value, labels: Value): { prediction: Value; correct: Value } {
  const prediction = b.op1('ArgMax', [logits], { axis: 1, keepdims: 0 });
  const hits = b.op1('Cast', [b.op1('Equal', [prediction, labels])], { to: 'float32' });
  return { prediction, correct: b.reduceSum(hits, [0]) };
}

/**
 * −mean over the batch of Σ_c q_c · logp_c, where q is the one-hot label, smoothed towards
 * uniform by `smoothing` as PyTorch's label_smoothing does: q = (1−ε)·onehot + ε/classes.
 */
export function negativeLogLikelihood(b: Builder, logp: Value, labels: Value, smoothing = 0): Value {
  const classes = logp.shape[1];
  let q = b.op1('OneHot', [labels], { depth: classes });
  if (smoothing > 0) q = b.add(b.mul(q, b.scalar(1 - smoothing)), b.scalar(smoothing / classes));
  const picked = b.reduceSum(b.mul(logp, q), [1]);
  return b.neg(b.op1('ReduceMean', [picked], { axes: [0], keepdims: 0 }));
}

/** The checks every loss over class scores makes: a vector per sample, integer labels as target. */
export function classScoreDiagnostics(type: string, nodeId: string, x: TensorType | undefined, t: TensorType | undefined, what: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (x && x.shape.length !== 1) {
    diagnostics.push(layerError('LOSS_INPUT_SHAPE', nodeId, `${type} expects ${what} (one vector per sample) but gets ${shapeText(x)}; insert Flatten and a Linear layer with one output per class`, undefined, 'input'));
  }
  if (t && (t.dtype !== 'int64' || t.shape.length !== 0)) {
    diagnostics.push(layerError('LOSS_TARGET_TYPE', nodeId, `${type}'s target must be the integer class labels (Input's y), but gets a float tensor ${shapeText(t)}`, undefined, 'target'));
  }
  return diagnostics;
}
