import { attrNum, zeros } from '../tensor';
import { ceilMode, lift, outLen, readWindow, spatialRank, unlift } from './spatial';
import type { RefOp } from './types';

/**
 * AveragePool. count_include_pad=0 divides by the window's in-bounds elements; =1 divides by the
 * window clipped to the padded extent, which is kh*kw except for ceil_mode windows hanging past
 * the end padding (the ORT rule).
 */
export const AveragePool: RefOp = ([x0], attrs) => {
  const rank = spatialRank(x0, 'AveragePool');
  const x = lift(x0);
  const [N, C, H, W] = x.shape;
  const win = readWindow(attrs, rank);
  // Opset 17 AveragePool has no dilations; reject rather than guess a semantics.
  if (win.dh !== 1 || win.dw !== 1) throw new Error('AveragePool: dilations are not supported');
  const includePad = attrNum(attrs, 'count_include_pad', 0) !== 0;
  const ceil = ceilMode(attrs);
  const OH = outLen(H, win.kh, win.sh, 1, win.pt, win.pb, ceil);
  const OW = outLen(W, win.kw, win.sw, 1, win.pl, win.pr, ceil);
  const y = zeros([N, C, OH, OW]);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          const h0 = oh * win.sh - win.pt;
          const w0 = ow * win.sw - win.pl;
          // Window clipped to the padded extent, then to the real input.
          const hEndPad = Math.min(h0 + win.kh, H + win.pb);
          const wEndPad = Math.min(w0 + win.kw, W + win.pr);
          const padCount = (hEndPad - h0) * (wEndPad - w0);
          let s = 0;
          let count = 0;
          for (let ih = Math.max(h0, 0); ih < Math.min(hEndPad, H); ih++)
            for (let iw = Math.max(w0, 0); iw < Math.min(wEndPad, W); iw++) {
              s += x.data[((n * C + c) * H + ih) * W + iw];
              count++;
            }
          y.data[((n * C + c) * OH + oh) * OW + ow] = s / (includePad ? padCount : count);
        }
  return [unlift(y, rank)];
};
