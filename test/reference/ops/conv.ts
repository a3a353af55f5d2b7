import { attrNum, zeros } from '../tensor';
import { lift, readWindow, outLen, spatialRank, unlift } from './spatial';
import type { RefOp } from './types';

/**
 * Conv(X[N,C,H,W], W[M,C/group,kh,kw], B?[M]) as a direct sum over the receptive field:
 * Y[n,m,oh,ow] = B[m] + Σ_{c,i,j} X[n, g*Cg+c, oh*sh-pt+i*dh, ow*sw-pl+j*dw] · W[m,c,i,j],
 * where g = m / (M/group) and reads outside X are zero padding.
 */
export const Conv: RefOp = ([x0, w0, b], attrs) => {
  const rank = spatialRank(x0, 'Conv');
  const x = lift(x0);
  const w = lift(w0);
  const group = attrNum(attrs, 'group', 1);
  const [N, C, H, W] = x.shape;
  const [M, Cg, KH, KW] = w.shape;
  const win = readWindow(attrs, rank, rank === 1 ? [KW] : [KH, KW]);
  if (win.kh !== KH || win.kw !== KW) throw new Error('Conv: kernel_shape does not match W');
  if (C !== Cg * group || M % group !== 0) throw new Error(`Conv: C=${C}, W=[${w0.shape.join(',')}], group=${group}`);
  const Mg = M / group;
  const OH = outLen(H, KH, win.sh, win.dh, win.pt, win.pb);
  const OW = outLen(W, KW, win.sw, win.dw, win.pl, win.pr);
  const y = zeros([N, M, OH, OW]);
  for (let n = 0; n < N; n++)
    for (let m = 0; m < M; m++) {
      const g = Math.floor(m / Mg);
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          let s = b ? b.data[m] : 0;
          for (let c = 0; c < Cg; c++)
            for (let i = 0; i < KH; i++) {
              const ih = oh * win.sh - win.pt + i * win.dh;
              if (ih < 0 || ih >= H) continue;
              for (let j = 0; j < KW; j++) {
                const iw = ow * win.sw - win.pl + j * win.dw;
                if (iw < 0 || iw >= W) continue;
                const xv = x.data[((n * C + g * Cg + c) * H + ih) * W + iw];
                s += xv * w.data[((m * Cg + c) * KH + i) * KW + j];
              }
            }
          y.data[((n * M + m) * OH + oh) * OW + ow] = s;
        }
    }
  return [unlift(y, rank)];
};
