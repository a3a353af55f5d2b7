import { attrInts, attrNum, zeros } from '../tensor';
import { lift, readWindow, spatialRank, unlift } from './spatial';
import type { RefOp } from './types';

/**
 * ConvTranspose(X[N,C,H,W], W[C,M/group,kh,kw], B?[M]) written as a scatter, the adjoint of Conv:
 * every input pixel X[n,ci,ih,iw] adds X·W[ci,m,i,j] to Y[n, g*Mg+m, ih*sh-pt+i*dh, iw*sw-pl+j*dw].
 * Output H = sh*(H-1) + output_padding + (kh-1)*dh + 1 - pt - pb (same for W).
 */
export const ConvTranspose: RefOp = ([x0, w0, b], attrs) => {
  const rank = spatialRank(x0, 'ConvTranspose');
  if (attrs.output_shape !== undefined) throw new Error('ConvTranspose: output_shape is not supported; use pads/output_padding');
  const x = lift(x0);
  const w = lift(w0);
  const group = attrNum(attrs, 'group', 1);
  const [N, C, H, W] = x.shape;
  const [C2, Mg, KH, KW] = w.shape;
  if (C2 !== C || C % group !== 0) throw new Error(`ConvTranspose: C=${C}, W=[${w0.shape.join(',')}], group=${group}`);
  const win = readWindow(attrs, rank, rank === 1 ? [KW] : [KH, KW]);
  if (win.kh !== KH || win.kw !== KW) throw new Error('ConvTranspose: kernel_shape does not match W');
  const op = attrInts(attrs, 'output_padding') ?? new Array<number>(rank).fill(0);
  const [oph, opw] = rank === 1 ? [0, op[0]] : op;
  const Cg = C / group;
  const M = Mg * group;
  const OH = win.sh * (H - 1) + oph + (KH - 1) * win.dh + 1 - win.pt - win.pb;
  const OW = win.sw * (W - 1) + opw + (KW - 1) * win.dw + 1 - win.pl - win.pr;
  if (OH <= 0 || OW <= 0) throw new Error(`ConvTranspose: empty output ${OH}x${OW}`);
  const y = zeros([N, M, OH, OW]);
  for (let n = 0; n < N; n++)
    for (let ci = 0; ci < C; ci++) {
      const g = Math.floor(ci / Cg);
      for (let ih = 0; ih < H; ih++)
        for (let iw = 0; iw < W; iw++) {
          const xv = x.data[((n * C + ci) * H + ih) * W + iw];
          for (let m = 0; m < Mg; m++)
            for (let i = 0; i < KH; i++) {
              const oh = ih * win.sh - win.pt + i * win.dh;
              if (oh < 0 || oh >= OH) continue;
              for (let j = 0; j < KW; j++) {
                const ow = iw * win.sw - win.pl + j * win.dw;
                if (ow < 0 || ow >= OW) continue;
                y.data[((n * M + g * Mg + m) * OH + oh) * OW + ow] += xv * w.data[((ci * Mg + m) * KH + i) * KW + j];
              }
            }
        }
    }
  if (b) for (let k = 0; k < y.data.length; k++) y.data[k] += b.data[Math.floor(k / (OH * OW)) % M];
  return [unlift(y, rank)];
};
