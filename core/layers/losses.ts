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

/**
 * Classification metrics every loss over class scores reports: predicted class and number
 * correct. Probability targets ([N, C] floats) count a hit where the most likely class agrees.
 */
export function classificationMetrics(b: Builder, logits: Value, labels: Value): { prediction: Value; correct: Value } {
  const prediction = b.op1('ArgMax', [logits], { axis: 1, keepdims: 0 });
  const truth = labels.dtype === 'float32' ? b.op1('ArgMax', [labels], { axis: 1, keepdims: 0 }) : labels;
  const hits = b.op1('Cast', [b.op1('Equal', [prediction, truth])], { to: 'float32' });
  return { prediction, correct: b.reduceSum(hits, [0]) };
}

/**
 * −mean over the batch of Σ_c q_c · logp_c, where q is the one-hot label (or, for float
 * targets of shape [N, C], the given class probabilities), smoothed towards uniform by
 * `smoothing` as PyTorch's label_smoothing does for both: q = (1−ε)·q + ε/classes.
 */
export function negativeLogLikelihood(b: Builder, logp: Value, labels: Value, smoothing = 0): Value {
  const classes = logp.shape[1];
  let q = labels.dtype === 'float32' ? labels : b.op1('OneHot', [labels], { depth: classes });
  if (smoothing > 0) q = b.add(b.mul(q, b.scalar(1 - smoothing)), b.scalar(smoothing / classes));
  const picked = b.reduceSum(b.mul(logp, q), [1]);
  return b.neg(b.op1('ReduceMean', [picked], { axes: [0], keepdims: 0 }));
}

/**
 * The checks every loss over class scores makes: a vector per sample, integer labels as
 * target, or (where `probabilities`) float class probabilities, one per class.
 */
export function classScoreDiagnostics(type: string, nodeId: string, x: TensorType | undefined, t: TensorType | undefined, what: string, probabilities = false): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (x && x.shape.length !== 1) {
    diagnostics.push(layerError('LOSS_INPUT_SHAPE', nodeId, `${type} expects ${what} (one vector per sample) but gets ${shapeText(x)}; insert Flatten and a Linear layer with one output per class`, undefined, 'input'));
  }
  if (probabilities && t && t.dtype === 'float32') {
    const classes = x && x.shape.length === 1 ? x.shape[0] : null;
    if (t.shape.length !== 1 || (classes !== null && t.shape[0] !== classes)) {
      const want = classes !== null ? `[${classes}]` : 'one value per class';
      diagnostics.push(layerError('LOSS_TARGET_SHAPE', nodeId, `${type} takes class labels or class probabilities (one per class), but its float target is ${shapeText(t)} for ${classes ?? '?'} classes; set the Input's target_shape to ${want}, or clear it for integer labels`, undefined, 'target'));
    }
    return diagnostics;
  }
  if (t && (t.dtype !== 'int64' || t.shape.length !== 0)) {
    diagnostics.push(layerError('LOSS_TARGET_TYPE', nodeId, `${type}'s target must be the integer class labels (Input's y), but gets a float tensor ${shapeText(t)}`, undefined, 'target'));
  }
  return diagnostics;
}
