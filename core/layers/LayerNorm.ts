import type { Diagnostic } from '../check/diagnostics';
import { numel } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { pyCall, pyLiteral } from './torch';
import type { LayerDef } from './types';

/**
 * nn.LayerNorm(normalized_shape, eps, elementwise_affine): each sample normalised over its
 * trailing dims (mean and biased variance), then scaled and shifted per element. Empty
 * normalized_shape means the whole sample (C×H×W, or the features of a vector), which is
 * what a user usually means. Composed of primitives.
 */
export const LayerNorm: LayerDef = {
  type: 'LayerNorm',
  category: 'normalization',
  doc: 'Normalizes each sample over its trailing dimensions; learnable per-element scale and shift',
  params: [
    { name: 'normalized_shape', kind: 'shape', default: null, nullText: 'auto: the whole sample', torchRequired: true, doc: 'Trailing dimensions to normalise over (empty = every dimension of the sample)' },
    { name: 'eps', kind: 'float', default: 1e-5, min: 0, doc: 'Added to the variance for numerical stability' },
    { name: 'elementwise_affine', kind: 'bool', default: true, doc: 'Learn a per-element scale (weight) and shift (bias)' },
  ],
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => `${p.normalized_shape === null ? 'auto' : (p.normalized_shape as number[]).join('×')}${p.elementwise_affine ? '' : ' · no affine'}`,
  infer: ({ nodeId, params, inputs }) => {
    const x = inputs.in;
    const diagnostics: Diagnostic[] = [];
    let shape = params.normalized_shape as number[] | null;
    if (x) {
      const trailing = (k: number) => x.shape.slice(x.shape.length - k);
      if (shape === null) shape = [...x.shape];
      else if (shape.length > x.shape.length || trailing(shape.length).join() !== shape.join()) {
        const want = trailing(Math.min(shape.length, x.shape.length));
        diagnostics.push(layerError('LAYERNORM_SHAPE', nodeId, `LayerNorm's normalized_shape ${shape.join('×')} is not the trailing dims of its ${shapeText(x)} input; set it to ${want.join('×')}`, { kind: 'setParam', nodeId, param: 'normalized_shape', value: want, label: `set normalized_shape to ${want.join('×')}` }, 'in'));
      }
    }
    const ok = x !== undefined && diagnostics.length === 0 && shape !== null;
    const n = shape ? numel(shape) : 0;
    return {
      outputs: { out: ok ? { shape: [...x!.shape], dtype: 'float32' } : null },
      resolvedParams: { ...params, normalized_shape: ok ? shape : params.normalized_shape },
      paramCount: ok && params.elementwise_affine ? 2 * n : 0,
      flops: x ? 5 * numel(x.shape) : 0,
      diagnostics,
    };
  },
  parameters: (p) => {
    const shape = p.normalized_shape as number[];
    return p.elementwise_affine
      ? [
          { role: 'weight', shape: [...shape], init: { kind: 'constant', value: 1 } },
          { role: 'bias', shape: [...shape], init: { kind: 'constant', value: 0 } },
        ]
      : [];
  },
  lower: ({ b, inputs, params, weights }) => {
    const x = inputs.in!;
    const k = (params.normalized_shape as number[]).length;
    const axes = Array.from({ length: k }, (_, i) => x.shape.length - k + i);
    const centred = b.sub(x, b.op1('ReduceMean', [x], { axes, keepdims: 1 }));
    const variance = b.op1('ReduceMean', [b.mul(centred, centred)], { axes, keepdims: 1 });
    const xhat = b.div(centred, b.op1('Sqrt', [b.add(variance, b.scalar(params.eps as number))]));
    return { out: params.elementwise_affine ? b.add(b.mul(xhat, weights.weight), weights.bias) : xhat };
  },
  torch: {
    module: ({ params: p }) => {
      const base = pyCall('nn.LayerNorm', [], [['eps', p.eps, 1e-5], ['elementwise_affine', p.elementwise_affine, true]]);
      return base.replace('nn.LayerNorm(', `nn.LayerNorm(${pyLiteral(p.normalized_shape)}${base.endsWith('()') ? '' : ', '}`);
    },
  },
};
