import { activationLayer } from './activation';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/** nn.LeakyReLU(negative_slope=0.01): x for x > 0, negative_slope·x otherwise (one ONNX LeakyRelu). */
export const LeakyReLU: LayerDef = {
  ...activationLayer('LeakyReLU', 'LeakyRelu', 'x if x > 0, else negative_slope·x, element-wise', 2),
  params: [{ name: 'negative_slope', kind: 'float', default: 0.01, doc: 'Slope for negative inputs' }],
  summary: (p) => (p.negative_slope === 0.01 ? '' : `slope ${p.negative_slope}`),
  lower: ({ b, inputs, params }) => ({ out: b.op1('LeakyRelu', [inputs.in!], { alpha: params.negative_slope as number }) }),
  torch: { module: ({ params: p }) => pyCall('nn.LeakyReLU', [], [['negative_slope', p.negative_slope, 0.01]]) },
};
