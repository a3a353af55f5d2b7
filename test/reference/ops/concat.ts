import { attrNum, forEachIndex, normAxis, ravel, strides, zeros } from '../tensor';
import type { RefOp } from './types';

/** Concat along `axis` (negative allowed); every other dim must agree. */
export const Concat: RefOp = (inputs, attrs) => {
  if (inputs.length === 0) throw new Error('Concat: no inputs');
  if (attrs.axis === undefined) throw new Error('Concat needs an axis attribute');
  const r = inputs[0].shape.length;
  const axis = normAxis(attrNum(attrs, 'axis', 0), r);
  for (const t of inputs) {
    if (t.shape.length !== r || t.shape.some((d, i) => i !== axis && d !== inputs[0].shape[i])) {
      throw new Error(`Concat: shapes [${inputs.map((u) => u.shape.join(',')).join('] [')}] on axis ${axis}`);
    }
  }
  const shape = [...inputs[0].shape];
  shape[axis] = inputs.reduce((s, t) => s + t.shape[axis], 0);
  const y = zeros(shape);
  const outSt = strides(shape);
  let offset = 0;
  for (const t of inputs) {
    forEachIndex(t.shape, (idx, flat) => {
      y.data[ravel(idx, outSt) + offset * outSt[axis]] = t.data[flat];
    });
    offset += t.shape[axis];
  }
  return [y];
};
