import { attrNum, zeros } from '../tensor';
import { readWindow, outLen } from './spatial';
import type { RefOp } from './types';

/**
 * ConvWeightGrad(X[N,C,H,W], G[N,M,OH,OW]) → dW[M,C,kh,kw], the one-group Conv's weight
 * gradient as the direct sum dW[m,c,i,j] = Σ_{n,oh,ow} G[n,m,oh,ow] · X[n, c, oh·sh − pt + i·dh,
 * ow·sw − pl + j·dw], where reads outside X are zero padding.
 */
export const ConvWeightGrad: RefOp = ([x, g], attrs) => {
  const [N, C, H, W] = x.shape;
  const [, M, OH, OW] = g.shape;
  const win = readWindow(attrs, 2, [1, 1]);
  if (attrNum(attrs, 'group', 1) !== 1) throw new Error('ConvWeightGrad: one group only');
  if (outLen(H, win.kh, win.sh, win.dh, win.pt, win.pb) !== OH || outLen(W, win.kw, win.sw, win.dw, win.pl, win.pr) !== OW) throw new Error('ConvWeightGrad: G does not match the window');
  const dw = zeros([M, C, win.kh, win.kw]);
  for (let m = 0; m < M; m++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < win.kh; i++)
        for (let j = 0; j < win.kw; j++) {
          let s = 0;
          for (let n = 0; n < N; n++)
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * win.sh - win.pt + i * win.dh;
              if (ih < 0 || ih >= H) continue;
              for (let ow = 0; ow < OW; ow++) {
                const iw = ow * win.sw - win.pl + j * win.dw;
                if (iw < 0 || iw >= W) continue;
                s += g.data[((n * M + m) * OH + oh) * OW + ow] * x.data[((n * C + c) * H + ih) * W + iw];
              }
            }
          dw.data[((m * C + c) * win.kh + i) * win.kw + j] = s;
        }
  return [dw];
};
