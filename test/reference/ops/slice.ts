import { attrInts, forEachIndex, normAxis, ravel, strides, zeros } from '../tensor';
import type { RefOp } from './types';

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/**
 * Slice with ONNX clamping: negative starts/ends count from the end; for step > 0 both clamp
 * to [0, dim], for step < 0 start clamps to [0, dim-1] and end to [-1, dim-1], so huge
 * INT64-style ends (or -INT64 for a full reverse) just mean "to the edge".
 */
export const Slice: RefOp = ([x], attrs) => {
  const r = x.shape.length;
  const starts = attrInts(attrs, 'starts');
  const ends = attrInts(attrs, 'ends');
  if (!starts || !ends || starts.length !== ends.length) throw new Error('Slice needs starts and ends of equal length');
  const axes = (attrInts(attrs, 'axes') ?? starts.map((_, i) => i)).map((a) => normAxis(a, r));
  const steps = attrInts(attrs, 'steps') ?? starts.map(() => 1);
  if (axes.length !== starts.length || steps.length !== starts.length) throw new Error('Slice: attribute lengths differ');
  if (new Set(axes).size !== axes.length) throw new Error('Slice: duplicate axes');
  const begin = x.shape.map(() => 0);
  const step = x.shape.map(() => 1);
  const shape = [...x.shape];
  axes.forEach((a, k) => {
    const d = x.shape[a];
    const s = steps[k];
    if (s === 0) throw new Error('Slice: step 0');
    let st = starts[k] < 0 ? starts[k] + d : starts[k];
    let en = ends[k] < 0 ? ends[k] + d : ends[k];
    if (s > 0) {
      st = clamp(st, 0, d);
      en = clamp(en, 0, d);
    } else {
      st = clamp(st, 0, d - 1);
      en = clamp(en, -1, d - 1);
    }
    begin[a] = st;
    step[a] = s;
    shape[a] = Math.max(0, Math.ceil((en - st) / s));
  });
  const inSt = strides(x.shape);
  const y = zeros(shape);
  forEachIndex(shape, (idx, flat) => {
    y.data[flat] = x.data[ravel(idx.map((i, a) => begin[a] + i * step[a]), inSt)];
  });
  return [y];
};
