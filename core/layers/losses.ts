import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import type { LayerDef } from './types';

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
