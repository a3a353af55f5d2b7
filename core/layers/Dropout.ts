import { pyCall } from './torch';
import type { LayerDef } from './types';
import { numel } from '../ir/ir';

/**
 * nn.Dropout(p): in training each element is zeroed with probability p and the rest are
 * scaled by 1/(1−p); in evaluation and export it is the identity. The mask comes from the
 * graph's own counter-based noise (LowerContext.random): reproducible for a project seed,
 * equal under K-step fusion, the same however plain "cpu" splits a batch over its cores,
 * and independent per replica of an explicit cpu:N or multi-GPU run (DDP's semantics).
 */
export const Dropout: LayerDef = {
  type: 'Dropout',
  category: 'dropout',
  doc: 'Randomly zeroes elements with probability p while training (scaled by 1/(1−p)); identity in evaluation',
  params: [{ name: 'p', kind: 'float', default: 0.5, min: 0, max: 1, doc: 'Probability of an element to be zeroed' }],
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => `p=${p.p}`,
  infer: ({ inputs }) => {
    const x = inputs.in;
    return { outputs: { out: x ? { ...x, shape: [...x.shape] } : null }, paramCount: 0, flops: x ? numel(x.shape) : 0, diagnostics: [] };
  },
  lower: ({ b, inputs, params, mode, random }) => {
    const x = inputs.in!;
    const p = params.p as number;
    if (mode === 'eval' || p === 0) return { out: x };
    if (p === 1) return { out: b.mul(x, b.scalar(0)) };
    const keep = b.op1('Cast', [b.op1('Less', [random(x.shape), b.scalar(1 - p)])], { to: 'float32' });
    return { out: b.mul(x, b.mul(keep, b.scalar(1 / (1 - p)))) };
  },
  torch: {
    module: ({ params: p }) => pyCall('nn.Dropout', [], [['p', p.p, 0.5]]),
    note: "Dropout: torch draws its own masks, so training with p > 0 takes another random path than Wiregrad's.",
  },
};
