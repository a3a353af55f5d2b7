import { attrInts, normAxis } from '../tensor';
import type { RefOp } from './types';

/** Squeeze: drops the listed size-1 axes (negative allowed); no axes drops every size-1 axis. */
export const Squeeze: RefOp = ([x], attrs) => {
  const r = x.shape.length;
  const given = attrInts(attrs, 'axes');
  const axes = given ? given.map((a) => normAxis(a, r)) : x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.shape[a] !== 1) throw new Error(`Squeeze: axis ${a} has size ${x.shape[a]}`);
  const shape = x.shape.filter((_, i) => !axes.includes(i));
  return [{ shape, data: Float64Array.from(x.data) }];
};
