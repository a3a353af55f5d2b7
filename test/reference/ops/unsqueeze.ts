import { attrInts, normAxis } from '../tensor';
import type { RefOp } from './types';

/** Unsqueeze: axes index the OUTPUT (rank r + axes.length), so negatives count from its end. */
export const Unsqueeze: RefOp = ([x], attrs) => {
  const given = attrInts(attrs, 'axes');
  if (!given) throw new Error('Unsqueeze needs an axes attribute');
  const outRank = x.shape.length + given.length;
  const axes = given.map((a) => normAxis(a, outRank));
  if (new Set(axes).size !== axes.length) throw new Error('Unsqueeze: duplicate axes');
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < outRank; i++) shape.push(axes.includes(i) ? 1 : x.shape[k++]);
  return [{ shape, data: Float64Array.from(x.data) }];
};
