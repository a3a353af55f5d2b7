import { attrNum, zeros } from '../tensor';
import { ceilMode, lift, outLen, readWindow, spatialRank, unlift } from './spatial';
import type { RefOp } from './types';

/**
 * MaxPool → [Y, Indices]. Padding never wins (it counts as -inf). Indices are flat positions in
 * the whole input X (n*C*H*W + c*H*W + h*W + w), matching ONNX storage_order 0; windows are
 * scanned row-major and only a strictly larger value replaces the best, so the first max wins.
 */
export const MaxPool: RefOp = ([x0], attrs) => {
  const rank = spatialRank(x0, 'MaxPool');
  if (attrNum(attrs, 'storage_order', 0) !== 0) throw new Error('MaxPool: storage_order 1 is not supported');
  const x = lift(x0);
  const [N, C, H, W] = x.shape;
  const win = readWindow(attrs, rank);
  const ceil = ceilMode(attrs);
  const OH = outLen(H, win.kh, win.sh, win.dh, win.pt, win.pb, ceil);
  const OW = outLen(W, win.kw, win.sw, win.dw, win.pl, win.pr, ceil);
  const y = zeros([N, C, OH, OW]);
  const ind = zeros([N, C, OH, OW]);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          let best = -Infinity;
          let bestIdx = -1;
          for (let i = 0; i < win.kh; i++) {
            const ih = oh * win.sh - win.pt + i * win.dh;
            if (ih < 0 || ih >= H) continue;
            for (let j = 0; j < win.kw; j++) {
              const iw = ow * win.sw - win.pl + j * win.dw;
              if (iw < 0 || iw >= W) continue;
              const flat = ((n * C + c) * H + ih) * W + iw;
              // bestIdx < 0: the first real element is taken even if it is -inf itself.
              if (bestIdx < 0 || x.data[flat] > best) {
                best = x.data[flat];
                bestIdx = flat;
              }
            }
          }
          const o = ((n * C + c) * OH + oh) * OW + ow;
          y.data[o] = best;
          ind.data[o] = bestIdx;
        }
  return [unlift(y, rank), unlift(ind, rank)];
};
