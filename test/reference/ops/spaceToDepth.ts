import type { RefTensor } from '../tensor';
import { attrNum } from '../tensor';
import type { RefOp } from './types';

/** out[n, (bh·b + bw)·C + c, h, w] = in[n, c, h·b + bh, w·b + bw] (ONNX SpaceToDepth). */
export const SpaceToDepth: RefOp = ([x], attrs) => {
  const b = attrNum(attrs, 'blocksize', 1);
  const [n, c, h, w] = x.shape;
  const [oh, ow] = [h / b, w / b];
  const out: RefTensor = { shape: [n, c * b * b, oh, ow], data: new Float64Array(x.data.length) };
  forEachBlock(n, c, oh, ow, b, (src, dst) => (out.data[dst] = x.data[src]), h, w);
  return [out];
};

/** Inverse of SpaceToDepth in DCR mode. */
export const DepthToSpace: RefOp = ([y], attrs) => {
  const b = attrNum(attrs, 'blocksize', 1);
  const [n, cb, oh, ow] = y.shape;
  const c = cb / (b * b);
  const out: RefTensor = { shape: [n, c, oh * b, ow * b], data: new Float64Array(y.data.length) };
  forEachBlock(n, c, oh, ow, b, (src, dst) => (out.data[src] = y.data[dst]), oh * b, ow * b);
  return [out];
};

/** Visits (flat index in the spatial tensor, flat index in the depth tensor) pairs. */
function forEachBlock(n: number, c: number, oh: number, ow: number, b: number, f: (spatial: number, depth: number) => void, h: number, w: number): void {
  for (let in_ = 0; in_ < n; in_++)
    for (let bh = 0; bh < b; bh++)
      for (let bw = 0; bw < b; bw++)
        for (let ic = 0; ic < c; ic++)
          for (let i = 0; i < oh; i++)
            for (let j = 0; j < ow; j++) {
              const spatial = ((in_ * c + ic) * h + i * b + bh) * w + j * b + bw;
              const depth = ((in_ * c * b * b + (bh * b + bw) * c + ic) * oh + i) * ow + j;
              f(spatial, depth);
            }
}
