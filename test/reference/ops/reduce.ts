/**
 * ReduceSum / ReduceMean / ReduceMax. Grouped because they share one loop and differ only in
 * the accumulator. axes: list, negatives allowed, empty or absent = all axes; keepdims default 1.
 */
import type { Attrs } from '../../../core/ir/ir';
import { attrInts, attrNum, forEachIndex, normAxis, ravel, strides, zeros, type RefTensor } from '../tensor';
import type { RefOp } from './types';

function reduce(
  x: RefTensor,
  attrs: Attrs,
  init: number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number,
): RefTensor {
  const r = x.shape.length;
  const given = attrInts(attrs, 'axes') ?? [];
  const axes = given.length === 0 ? x.shape.map((_, i) => i) : given.map((a) => normAxis(a, r));
  if (new Set(axes).size !== axes.length) throw new Error(`duplicate reduce axes [${given.join(',')}]`);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  // Reading the kept-dims output with stride 0 on reduced axes maps every input to its bucket.
  const outSt = strides(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const y = zeros(keptShape);
  y.data.fill(init);
  forEachIndex(x.shape, (idx, flat) => {
    const o = ravel(idx, outSt);
    y.data[o] = step(y.data[o], x.data[flat]);
  });
  let count = 1;
  for (const a of axes) count *= x.shape[a];
  for (let i = 0; i < y.data.length; i++) y.data[i] = finish(y.data[i], count);
  const keep = attrNum(attrs, 'keepdims', 1) !== 0;
  return keep ? y : { shape: x.shape.filter((_, i) => !axes.includes(i)), data: y.data };
}

export const ReduceSum: RefOp = ([x], attrs) => [reduce(x, attrs, 0, (a, v) => a + v, (a) => a)];
export const ReduceMean: RefOp = ([x], attrs) => [reduce(x, attrs, 0, (a, v) => a + v, (a, n) => a / n)];
// NaN propagates: `v > a` is false for NaN, so it is checked explicitly.
export const ReduceMax: RefOp = ([x], attrs) => [
  reduce(x, attrs, -Infinity, (a, v) => (Number.isNaN(v) || v > a ? v : a), (a) => a),
];
