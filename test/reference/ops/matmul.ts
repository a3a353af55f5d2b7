import { broadcastShapes, broadcastStrides, forEachIndex, ravel, zeros } from '../tensor';
import type { RefOp } from './types';

/**
 * numpy matmul: a 1-D A gets a leading 1 and a 1-D B a trailing 1, both removed from the
 * result; leading (batch) dims broadcast multidirectionally.
 */
export const MatMul: RefOp = ([a, b]) => {
  if (a.shape.length === 0 || b.shape.length === 0) throw new Error('MatMul: scalar operand');
  const aShape = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const bShape = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
  const M = aShape[aShape.length - 2];
  const K = aShape[aShape.length - 1];
  const K2 = bShape[bShape.length - 2];
  const N = bShape[bShape.length - 1];
  if (K !== K2) throw new Error(`MatMul: inner dims ${K} vs ${K2}`);
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch);
  // Batch strides counted in whole matrices, so the offset is ravel(...) * matrix size.
  const aSt = broadcastStrides(aBatch, batch);
  const bSt = broadcastStrides(bBatch, batch);
  const out = zeros([...batch, M, N]);
  forEachIndex(batch, (idx, flat) => {
    const aOff = ravel(idx, aSt) * M * K;
    const bOff = ravel(idx, bSt) * K * N;
    const oOff = flat * M * N;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a.data[aOff + i * K + k] * b.data[bOff + k * N + j];
        out.data[oOff + i * N + j] = s;
      }
    }
  });
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(M);
  if (b.shape.length > 1) shape.push(N);
  return [{ shape, data: out.data }];
};
