import type { LayerDef } from './types';
import { numel } from '../ir/ir';

/** nn.Flatten(): keeps the batch dimension, flattens everything else. */
export const Flatten: LayerDef = {
  type: 'Flatten',
  category: 'reshape',
  doc: 'Flattens each sample to a vector (C×H×W → C·H·W)',
  params: [],
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: () => '',
  infer: ({ inputs }) => {
    const x = inputs.in;
    return {
      outputs: { out: x ? { shape: [numel(x.shape)], dtype: x.dtype } : null },
      paramCount: 0,
      flops: 0,
      diagnostics: [],
    };
  },
  lower: ({ b, inputs }) => ({ out: b.op1('Flatten', [inputs.in!], { axis: 1 }) }),
  torch: { module: () => 'nn.Flatten()' },
};
