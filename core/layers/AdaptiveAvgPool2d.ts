import type { Diagnostic } from '../check/diagnostics';
import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { pair, pairText } from './params';
import { py } from './torch';
import type { LayerDef } from './types';

/**
 * nn.AdaptiveAvgPool2d(output_size): averages each channel down to output_size (1 = global
 * average pooling, as at the end of a ResNet). Output [C, oh, ow] like PyTorch (Flatten
 * after it for a Linear head).
 * Lowering: global pooling is one ReduceMean; any other size is PyTorch's windows exactly
 * (rows floor(i·H/oh) .. ceil((i+1)·H/oh), overlapping where H is not a multiple of oh) as
 * two MatMuls with constant averaging matrices, Pₕ · X · P_wᵀ, so no size is refused.
 */
export const AdaptiveAvgPool2d: LayerDef = {
  type: 'AdaptiveAvgPool2d',
  category: 'pooling',
  doc: 'Average per channel down to output_size (1 = global average pooling)',
  params: [{ name: 'output_size', kind: 'intPair', default: 1, min: 1, torchRequired: true, doc: 'Height and width of the output (1 = one value per channel)' }],
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => (pairText(p.output_size) === '1' ? 'global' : `→ ${pairText(p.output_size)}`),
  infer: ({ nodeId, params, inputs }) => {
    const x = inputs.in;
    const diagnostics: Diagnostic[] = [];
    const [oh, ow] = pair(params.output_size);
    let shape: number[] | null = null;
    if (x) {
      if (x.shape.length !== 3) {
        diagnostics.push(layerError('POOL_RANK', nodeId, `AdaptiveAvgPool2d expects C×H×W per sample but gets ${shapeText(x)}`, undefined, 'in'));
      } else if (oh > x.shape[1] || ow > x.shape[2]) {
        const fit: [number, number] = [Math.min(oh, x.shape[1]), Math.min(ow, x.shape[2])];
        diagnostics.push(layerError('ADAPTIVE_POOL_SIZE', nodeId, `output_size ${oh}×${ow} is larger than the ${x.shape[1]}×${x.shape[2]} input; an average pool only shrinks, set output_size to ${fit.join('×')} or less`, { kind: 'setParam', nodeId, param: 'output_size', value: fit, label: `set output_size to ${fit.join('×')}` }, 'in'));
      } else shape = [x.shape[0], oh, ow];
    }
    const ok = diagnostics.length === 0 && shape !== null;
    return { outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null }, paramCount: 0, flops: x ? x.shape.reduce((a, d) => a * d, 1) : 0, diagnostics };
  },
  lower: ({ b, inputs, params }) => {
    const x = inputs.in!;
    const [, , h, w] = x.shape;
    const [oh, ow] = pair(params.output_size);
    if (oh === 1 && ow === 1) return { out: b.op1('ReduceMean', [x], { axes: [2, 3], keepdims: 1 }) };
    const rows = b.op1('MatMul', [averaging(b, oh, h), x]);
    return { out: b.op1('MatMul', [rows, b.transpose(averaging(b, ow, w), [1, 0])]) };
  },
  torch: { module: ({ params: p }) => `nn.AdaptiveAvgPool2d(${py(p.output_size)})` },
};

/** [out, size]: row i averages PyTorch's adaptive window i. */
function averaging(b: Builder, out: number, size: number): Value {
  const m = new Array(out * size).fill(0);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return b.constant(m, [out, size]);
}
