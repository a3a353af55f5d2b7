import type { RefOp } from './types';

/** start, start + delta, ... below limit (the IR keeps the three scalars as attributes). */
export const Range: RefOp = (_inputs, attrs) => {
  const start = attrs.start as number;
  const limit = attrs.limit as number;
  const delta = (attrs.delta as number) ?? 1;
  const n = Math.max(0, Math.ceil((limit - start) / delta));
  return [{ shape: [n], data: Float64Array.from({ length: n }, (_, i) => start + i * delta) }];
};
