import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';

/** Classification metrics every loss over class scores reports: predicted class and number correct. */
export function classificationMetrics(b: Builder, logits: Value, labels: Value): { prediction: Value; correct: Value } {
  const prediction = b.op1('ArgMax', [logits], { axis: 1, keepdims: 0 });
  const hits = b.op1('Cast', [b.op1('Equal', [prediction, labels])], { to: 'float32' });
  return { prediction, correct: b.reduceSum(hits, [0]) };
}
