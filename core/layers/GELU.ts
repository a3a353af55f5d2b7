import { activationLayer } from './activation';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/**
 * nn.GELU(approximate='none'): x · Φ(x) = ½·x·(1 + erf(x/√2)), PyTorch's default; with
 * approximate='tanh' ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as torch ≥ 1.12 computes it.
 * Composed of ONNX Erf / Tanh (opset 13) rather than opset 20's Gelu, so exports stay at the
 * project's opset.
 */
export const GELU: LayerDef = {
  ...activationLayer('GELU', 'Erf', 'x·Φ(x), the Gaussian error linear unit (exact erf form, or the tanh approximation)', 8),
  params: [{ name: 'approximate', kind: 'text', default: 'none', options: ['none', 'tanh'], doc: "'none': exact erf form; 'tanh': the tanh approximation (GPT-2, BERT)" }],
  summary: (p) => (p.approximate === 'tanh' ? 'tanh' : ''),
  lower: ({ b, inputs, params }) => {
    const x = inputs.in!;
    const inner =
      params.approximate === 'tanh'
        ? b.op1('Tanh', [b.mul(b.add(x, b.mul(b.mul(b.mul(x, x), x), b.scalar(0.044715))), b.scalar(Math.sqrt(2 / Math.PI)))])
        : b.op1('Erf', [b.mul(x, b.scalar(Math.SQRT1_2))]);
    return { out: b.mul(x, b.add(b.scalar(0.5), b.mul(b.scalar(0.5), inner))) };
  },
  torch: { module: ({ params: p }) => pyCall('nn.GELU', [], [['approximate', p.approximate, 'none']]) },
};
