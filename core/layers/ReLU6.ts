import { activationLayer } from './activation';
import type { LayerDef } from './types';

/** nn.ReLU6: min(max(0, x), 6), MobileNet's activation (one ONNX Clip). */
export const ReLU6: LayerDef = {
  ...activationLayer('ReLU6', 'Clip', 'min(max(0, x), 6), element-wise', 2),
  lower: ({ b, inputs }) => ({ out: b.op1('Clip', [inputs.in!], { min: 0, max: 6 }) }),
  torch: { module: () => 'nn.ReLU6()' },
};
