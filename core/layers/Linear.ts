import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import { pyCall } from './torch';
import type { LayerDef } from './types';
import { numel } from '../ir/ir';

/** nn.Linear: y = x Wᵀ + b with W [out_features, in_features]. */
export const Linear: LayerDef = {
  type: 'Linear',
  category: 'layer',
  doc: 'Fully connected layer: y = x·Wᵀ + b',
  params: [
    { name: 'in_features', kind: 'intOrAuto', default: 'auto', torchRequired: true, min: 1, doc: 'Size of each input sample, or "auto" to take it from the incoming edge' },
    { name: 'out_features', kind: 'int', default: 10, torchRequired: true, min: 1, doc: 'Size of each output sample' },
    { name: 'bias', kind: 'bool', default: true, doc: 'Learn an additive bias' },
  ],
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => `${p.in_features === 'auto' ? 'auto' : p.in_features}→${p.out_features}`,
  infer: ({ nodeId, params, inputs, inputEdges }) => {
    const x = inputs.in;
    const out = params.out_features as number;
    const diagnostics: Diagnostic[] = [];
    let inF = params.in_features === 'auto' ? null : (params.in_features as number);
    if (x) {
      if (x.shape.length !== 1) {
        const flat = numel(x.shape);
        const edgeId = inputEdges.in;
        diagnostics.push(
          layerError(
            'LINEAR_NOT_FLAT',
            nodeId,
            `Linear expects a flat vector per sample but gets ${shapeText(x)}; insert Flatten (giving ${flat} features)`,
            edgeId ? { kind: 'insertFlatten', edgeId, label: 'insert Flatten' } : undefined,
            'in',
          ),
        );
      } else if (inF !== null && inF !== x.shape[0]) {
        diagnostics.push(
          layerError(
            'LINEAR_IN_FEATURES',
            nodeId,
            `Linear receives ${x.shape[0]} features, not ${inF} (in_features); set in_features to ${x.shape[0]}`,
            { kind: 'setParam', nodeId, param: 'in_features', value: x.shape[0], label: `set in_features to ${x.shape[0]}` },
            'in',
          ),
        );
      } else inF = x.shape[0];
    }
    const bias = params.bias as boolean;
    const paramCount = inF !== null ? inF * out + (bias ? out : 0) : 0;
    const ok = diagnostics.length === 0 && inF !== null;
    return {
      outputs: { out: ok ? { shape: [out], dtype: 'float32' } : null },
      resolvedParams: { ...params, in_features: inF ?? params.in_features },
      paramCount,
      flops: inF !== null ? 2 * inF * out : 0,
      diagnostics,
    };
  },
  parameters: (p) => {
    const inF = p.in_features as number;
    const out = p.out_features as number;
    // PyTorch: kaiming_uniform_(a=√5) gives bound 1/√fan_in; the bias uses the same bound.
    const bound = 1 / Math.sqrt(inF);
    const list = [{ role: 'weight', shape: [out, inF], init: { kind: 'uniform' as const, bound } }];
    if (p.bias) list.push({ role: 'bias', shape: [out], init: { kind: 'uniform' as const, bound } });
    return list;
  },
  lower: ({ b, inputs, weights }) => {
    const args = weights.bias ? [inputs.in!, weights.weight, weights.bias] : [inputs.in!, weights.weight];
    return { out: b.op1('Gemm', args, { transB: 1 }) };
  },
  torch: { module: ({ params: p }) => pyCall('nn.Linear', [p.in_features, p.out_features], [['bias', p.bias, true]]) },
};
