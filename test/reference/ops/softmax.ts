/**
 * Softmax / LogSoftmax along one axis (opset 13+ semantics; default -1), computed with the max
 * subtracted so large logits cannot overflow. Grouped: LogSoftmax is the same pass in log space.
 */
import { numel } from '../../../core/ir/ir';
import { attrNum, normAxis, zeros, type RefTensor } from '../tensor';
import type { RefOp } from './types';

function softmax(x: RefTensor, axisAttr: number, log: boolean): RefTensor {
  const axis = normAxis(axisAttr, x.shape.length);
  const outer = numel(x.shape.slice(0, axis));
  const D = x.shape[axis];
  const inner = numel(x.shape.slice(axis + 1));
  const y = zeros(x.shape);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * D + k) * inner + i;
      let m = -Infinity;
      for (let k = 0; k < D; k++) m = Math.max(m, x.data[at(k)]);
      let s = 0;
      for (let k = 0; k < D; k++) s += Math.exp(x.data[at(k)] - m);
      for (let k = 0; k < D; k++) {
        const z = x.data[at(k)] - m;
        y.data[at(k)] = log ? z - Math.log(s) : Math.exp(z) / s;
      }
    }
  return y;
}

export const Softmax: RefOp = ([x], attrs) => [softmax(x, attrNum(attrs, 'axis', -1), false)];
export const LogSoftmax: RefOp = ([x], attrs) => [softmax(x, attrNum(attrs, 'axis', -1), true)];
