import { activationLayer } from './activation';
import type { LayerDef } from './types';

/**
 * nn.GELU() in its exact form, PyTorch's default: x · Φ(x) = ½·x·(1 + erf(x/√2)). Composed
 * of ONNX Erf (opset 13) rather than opset 20's Gelu, so exports stay at the project's opset.
 */
export const GELU: LayerDef = {
  ...activationLayer('GELU', 'Erf', 'x·Φ(x), the Gaussian error linear unit (exact erf form)', 8),
  lower: ({ b, inputs }) => {
    const x = inputs.in!;
    const phi = b.add(b.scalar(0.5), b.mul(b.scalar(0.5), b.op1('Erf', [b.mul(x, b.scalar(Math.SQRT1_2))])));
    return { out: b.mul(x, phi) };
  },
  torch: { module: () => 'nn.GELU()' },
};
