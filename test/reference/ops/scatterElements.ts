import { attrNum, attrString, clone, forEachIndex, normAxis, ravel, strides } from '../tensor';
import type { RefOp } from './types';

/**
 * ScatterElements(data, indices, updates): a copy of data where, for each position p of
 * indices, the element at p with axis-coordinate replaced by indices[p] receives updates[p]
 * (overwritten for reduction 'none', in index order; accumulated for 'add'). Negative
 * indices wrap; out-of-range ones throw.
 */
export const ScatterElements: RefOp = ([data, ind, upd], attrs) => {
  const r = data.shape.length;
  const axis = normAxis(attrNum(attrs, 'axis', 0), r);
  const reduction = attrString(attrs, 'reduction', 'none');
  if (reduction !== 'none' && reduction !== 'add') throw new Error(`ScatterElements: reduction ${reduction} is not supported`);
  if (ind.shape.join(',') !== upd.shape.join(',') || ind.shape.length !== r) {
    throw new Error('ScatterElements: indices and updates must share a shape of the data rank');
  }
  if (ind.shape.some((d, i) => i !== axis && d > data.shape[i])) {
    throw new Error('ScatterElements: indices exceed data on a non-scatter axis');
  }
  const y = clone(data);
  const st = strides(data.shape);
  forEachIndex(ind.shape, (idx, flat) => {
    let k = ind.data[flat];
    if (k < 0) k += data.shape[axis];
    if (!Number.isInteger(k) || k < 0 || k >= data.shape[axis]) throw new Error(`ScatterElements: index ${ind.data[flat]} out of range`);
    const target = [...idx];
    target[axis] = k;
    const t = ravel(target, st);
    y.data[t] = reduction === 'add' ? y.data[t] + upd.data[flat] : upd.data[flat];
  });
  return [y];
};
