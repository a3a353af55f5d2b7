import type { LayerDef } from './types';
import { numel } from '../ir/ir';

/** Element-wise activations: same shape out as in, no parameters, one primitive each. */
export function activationLayer(type: string, primitive: string, doc: string, flopsPerElement: number): LayerDef {
  return {
    type,
    category: 'activation',
    doc,
    params: [],
    inputs: [{ name: 'in', kind: 'tensor', required: true }],
    outputs: [{ name: 'out', kind: 'tensor' }],
    summary: () => '',
    infer: ({ inputs }) => {
      const x = inputs.in;
      const size = x ? numel(x.shape) : 0;
      return { outputs: { out: x ? { ...x } : null }, paramCount: 0, flops: size * flopsPerElement, diagnostics: [] };
    },
    lower: ({ b, inputs }) => ({ out: b.op1(primitive, [inputs.in!]) }),
  };
}
