import { attrNum, broadcastTo, zeros } from '../tensor';
import type { RefOp } from './types';

/** Y = alpha * op(A) @ op(B) + beta * C, with C unidirectionally broadcast to [M, N]. */
export const Gemm: RefOp = ([a, b, c], attrs) => {
  const transA = attrNum(attrs, 'transA', 0);
  const transB = attrNum(attrs, 'transB', 0);
  const alpha = attrNum(attrs, 'alpha', 1);
  const beta = attrNum(attrs, 'beta', 1);
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('Gemm: A and B must be 2-D');
  const [M, K] = transA ? [a.shape[1], a.shape[0]] : a.shape;
  const [K2, N] = transB ? [b.shape[1], b.shape[0]] : b.shape;
  if (K !== K2) throw new Error(`Gemm: inner dims ${K} vs ${K2}`);
  // Element (i, k) of op(A) and (k, j) of op(B), read through the transpose flags.
  const A = (i: number, k: number) => (transA ? a.data[k * M + i] : a.data[i * K + k]);
  const B = (k: number, j: number) => (transB ? b.data[j * K + k] : b.data[k * N + j]);
  const C = c ? broadcastTo(c, [M, N]) : undefined;
  const y = zeros([M, N]);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A(i, k) * B(k, j);
      y.data[i * N + j] = alpha * s + (C ? beta * C.data[i * N + j] : 0);
    }
  }
  return [y];
};
