import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import type { DataRequest } from './dataset';
import { DataError } from './errors';

/**
 * What the model asks of the data, read from the checker's type of the Input node: its
 * sample shape, and whether `y` is a class label (int64 scalar) or float values of a shape.
 */
export function dataRequest(doc: ProjectDocument, check: CheckResult): DataRequest {
  const input = doc.nodes.find((n) => n.type === 'Input');
  if (!input) throw new DataError('bad_option', 'The model has no Input node');
  const out = check.nodes[input.id]?.outputs;
  const x = out?.x;
  const y = out?.y;
  const sampleShape = x ? [...x.shape] : [...((input.params.shape as number[]) ?? [1, 28, 28])];
  const target = y && y.dtype === 'float32' ? { kind: 'value' as const, shape: [...y.shape] } : { kind: 'class' as const };
  return { sampleShape, target, seed: doc.training.seed };
}
