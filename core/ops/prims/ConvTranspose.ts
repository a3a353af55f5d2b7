import { window2d } from '../convShapes';
import type { PrimitiveOp } from '../types';
import { ints } from '../shapes';

/** Transposed convolution; used by Conv's and AveragePool's gradients, so it needs no VJP of its own. */
export const ConvTranspose: PrimitiveOp = {
  name: 'ConvTranspose',
  infer: ([x, w], attrs) => {
    const win = window2d(attrs, w.shape.slice(2));
    const op = ints(attrs.output_padding, [0, 0]);
    const hw = [0, 1].map(
      (i) =>
        win.strides[i] * (x.shape[2 + i] - 1) + op[i] + (win.kernel[i] - 1) * win.dilations[i] + 1 - win.pads[i] - win.pads[i + 2],
    );
    return [{ shape: [x.shape[0], w.shape[1] * win.group, hw[0], hw[1]], dtype: 'float32' }];
  },
  nonDifferentiable: true,
};
