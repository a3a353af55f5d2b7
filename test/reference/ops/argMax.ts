import { numel } from '../../../core/ir/ir';
import { attrNum, normAxis, zeros } from '../tensor';
import type { RefOp } from './types';

/** ArgMax along `axis` (default 0); first max wins unless select_last_index=1. int64 result. */
export const ArgMax: RefOp = ([x], attrs) => {
  const axis = normAxis(attrNum(attrs, 'axis', 0), x.shape.length);
  const keep = attrNum(attrs, 'keepdims', 1) !== 0;
  const last = attrNum(attrs, 'select_last_index', 0) !== 0;
  const outer = numel(x.shape.slice(0, axis));
  const D = x.shape[axis];
  const inner = numel(x.shape.slice(axis + 1));
  const y = zeros([outer, inner]);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let bi = -1;
      for (let k = 0; k < D; k++) {
        const v = x.data[(o * D + k) * inner + i];
        if (bi < 0 || v > best || (last && v === best)) {
          best = v;
          bi = k;
        }
      }
      y.data[o * inner + i] = bi;
    }
  const shape = keep ? x.shape.map((d, a) => (a === axis ? 1 : d)) : x.shape.filter((_, a) => a !== axis);
  return [{ shape, data: y.data }];
};
