import type { CheckResult } from '../check/types';
import { inputShape, targetType } from '../compile/programs';
import type { ProjectDocument } from '../graph/document';
import type { DataRequest } from './dataset';

/**
 * What the model asks of the data, from the checker's type of the Input node (the same type
 * the compiled program's `y` input has): its sample shape, and class labels (int64 scalar)
 * or float values of a shape.
 */
export function dataRequest(doc: ProjectDocument, check: CheckResult): DataRequest {
  const y = targetType(doc, check);
  return { sampleShape: inputShape(doc), target: y.dtype === 'float32' ? { kind: 'value', shape: y.shape } : { kind: 'class' }, seed: doc.training.seed };
}
