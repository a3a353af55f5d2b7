import { Slice } from './slice';
import type { RefOp } from './types';

/** Consecutive parts of the given sizes along `axis`, each as the Slice reference computes it. */
export const Split: RefOp = ([x], attrs) => {
  const axis = (attrs.axis as number) ?? 0;
  let start = 0;
  return (attrs.split as number[]).map((size) => {
    const [part] = Slice([x], { starts: [start], ends: [start + size], axes: [axis], steps: [1] });
    start += size;
    return part;
  });
};
