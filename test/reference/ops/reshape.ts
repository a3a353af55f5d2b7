import { numel } from '../../../core/ir/ir';
import { attrInts, attrNum } from '../tensor';
import type { RefOp } from './types';

/** Reshape with ONNX rules: 0 copies the input dim (unless allowzero), one -1 is inferred. */
export const Reshape: RefOp = ([x], attrs) => {
  const spec = attrInts(attrs, 'shape');
  if (!spec) throw new Error('Reshape needs a shape attribute');
  const allowZero = attrNum(attrs, 'allowzero', 0) !== 0;
  const shape = spec.map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d));
  const infer = shape.indexOf(-1);
  if (infer !== shape.lastIndexOf(-1)) throw new Error('Reshape: more than one -1');
  if (infer >= 0) {
    const known = numel(shape.filter((_, i) => i !== infer));
    shape[infer] = known === 0 ? 0 : numel(x.shape) / known;
  }
  if (numel(shape) !== numel(x.shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`Reshape: [${x.shape.join(',')}] cannot become [${spec.join(',')}]`);
  }
  // Row-major data is unchanged by a reshape; copy so values never alias.
  return [{ shape, data: Float64Array.from(x.data) }];
};
