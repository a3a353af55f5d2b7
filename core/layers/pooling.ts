import type { Diagnostic } from '../check/diagnostics';
import { windowOutSize } from '../ops/shapes';
import { layerError, shapeText } from './diagnostics';
import { pair, pairText } from './params';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/** MaxPool2d and AvgPool2d share PyTorch's window parameters and shape rule. */
export function poolLayer(type: 'MaxPool2d' | 'AvgPool2d', doc: string): LayerDef {
  return {
    type,
    category: 'pooling',
    doc,
    params: [
      { name: 'kernel_size', kind: 'intPair', default: 2, torchRequired: true, min: 1, doc: 'Size of the pooling window' },
      { name: 'stride', kind: 'intPair', default: null, nullText: 'same as kernel_size', min: 1, doc: 'Stride of the window (empty = kernel_size)' },
      { name: 'padding', kind: 'intPair', default: 0, min: 0, doc: 'Implicit padding on both sides' },
    ],
    inputs: [{ name: 'in', kind: 'tensor', required: true }],
    outputs: [{ name: 'out', kind: 'tensor' }],
    summary: (p) => `k${pairText(p.kernel_size)} s${pairText(p.stride ?? p.kernel_size)}${pair(p.padding)[0] || pair(p.padding)[1] ? ` p${pairText(p.padding)}` : ''}`,
    infer: ({ nodeId, params, inputs }) => {
      const x = inputs.in;
      const diagnostics: Diagnostic[] = [];
      const [kh, kw] = pair(params.kernel_size);
      const [sh, sw] = pair(params.stride ?? params.kernel_size);
      const [ph, pw] = pair(params.padding);
      let shape: number[] | null = null;
      if (ph > kh / 2 || pw > kw / 2) {
        diagnostics.push(layerError('POOL_PADDING', nodeId, `padding (${ph}×${pw}) must be at most half the kernel size (${kh}×${kw})`));
      }
      if (x) {
        if (x.shape.length !== 3) {
          diagnostics.push(layerError('POOL_RANK', nodeId, `${type} expects C×H×W per sample but gets ${shapeText(x)}`, undefined, 'in'));
        } else {
          const [c, h, w] = x.shape;
          const oh = windowOutSize(h, kh, sh, ph, ph);
          const ow = windowOutSize(w, kw, sw, pw, pw);
          if (oh < 1 || ow < 1) {
            diagnostics.push(layerError('POOL_EMPTY_OUTPUT', nodeId, `a ${kh}×${kw} window does not fit a ${h}×${w} input; use a smaller kernel_size or remove a pooling layer`));
          } else shape = [c, oh, ow];
        }
      }
      const ok = diagnostics.length === 0 && shape !== null;
      return {
        outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null },
        resolvedParams: { ...params, stride: [sh, sw] },
        paramCount: 0,
        flops: shape ? shape[0] * shape[1] * shape[2] * kh * kw : 0,
        diagnostics,
      };
    },
    lower: ({ b, inputs, params }) => {
      const [kh, kw] = pair(params.kernel_size);
      const [ph, pw] = pair(params.padding);
      const strides = pair(params.stride ?? params.kernel_size);
      const attrs = { kernel_shape: [kh, kw], strides, pads: [ph, pw, ph, pw] };
      if (type === 'MaxPool2d') return { out: b.op('MaxPool', [inputs.in!], attrs)[0] };
      // PyTorch's AvgPool2d default count_include_pad=True; ONNX's default is 0.
      return { out: b.op1('AveragePool', [inputs.in!], { ...attrs, count_include_pad: 1 }) };
    },
    // nn.MaxPool2d / nn.AvgPool2d: stride defaults to kernel_size, AvgPool2d counts padding as torch does.
    torch: { module: ({ params: p }) => pyCall(`nn.${type}`, [p.kernel_size], [['stride', p.stride, p.kernel_size], ['padding', p.padding, 0]]) },
  };
}

