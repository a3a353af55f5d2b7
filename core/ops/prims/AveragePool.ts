import { outputPadding, window2d, windowAttrs, windowOut } from '../convShapes';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

/**
 * Average pooling. PyTorch's AvgPool2d counts padding (count_include_pad=True) while ONNX's
 * default does not, so layers set count_include_pad explicitly.
 * Gradient: scale by 1/count per output position, then a per-channel ConvTranspose with a
 * kernel of ones spreads it back over each window.
 */
export const AveragePool: PrimitiveOp = {
  name: 'AveragePool',
  infer: ([x], attrs) => {
    const [oh, ow] = windowOut(x, window2d(attrs));
    return [{ shape: [x.shape[0], x.shape[1], oh, ow], dtype: 'float32' }];
  },
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const win = window2d(node.attrs);
    const [, c, h, w] = x.shape;
    const [oh, ow] = [g.shape[2], g.shape[3]];
    const [kh, kw] = win.kernel;
    const includePad = int(node.attrs.count_include_pad, 0) === 1;
    const inv: number[] = [];
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const h0 = i * win.strides[0] - win.pads[0];
        const w0 = j * win.strides[1] - win.pads[1];
        const rows = includePad
          ? Math.min(h0 + kh, h + win.pads[2]) - h0
          : Math.min(h0 + kh, h) - Math.max(h0, 0);
        const cols = includePad
          ? Math.min(w0 + kw, w + win.pads[3]) - w0
          : Math.min(w0 + kw, w) - Math.max(w0, 0);
        inv.push(1 / (rows * cols));
      }
    }
    const uniform = inv.every((v) => v === inv[0]);
    const scaled = b.mul(g, uniform ? b.scalar(inv[0]) : b.constant(inv, [oh, ow]));
    const ones = b.constant(new Array(c * kh * kw).fill(1), [c, 1, kh, kw]);
    return [
      b.op1('ConvTranspose', [scaled, ones], {
        kernel_shape: [kh, kw],
        strides: [...win.strides],
        pads: [...win.pads],
        dilations: [1, 1],
        group: c,
        output_padding: outputPadding([h, w], [oh, ow], { ...win, dilations: [1, 1] }),
      }),
    ];
  },
  emit: (node, ctx) =>
    ctx.node(
      'AveragePool',
      [ctx.name(node.inputs[0])],
      [ctx.name(node.outputs[0])],
      { ...windowAttrs(window2d(node.attrs), false), count_include_pad: int(node.attrs.count_include_pad, 0) },
      node,
    ),
};
