import { layerError } from './diagnostics';
import { activationLayer } from './activation';
import { pyCall } from './torch';
import type { LayerDef } from './types';

const base = activationLayer('Hardtanh', 'Clip', 'x clamped to [min_val, max_val], element-wise', 2);

/** nn.Hardtanh(min_val=-1, max_val=1): x clamped to [min_val, max_val] (one ONNX Clip). */
export const Hardtanh: LayerDef = {
  ...base,
  params: [
    { name: 'min_val', kind: 'float', default: -1, doc: 'Lower end of the linear region' },
    { name: 'max_val', kind: 'float', default: 1, doc: 'Upper end of the linear region' },
  ],
  summary: (p) => `[${p.min_val}, ${p.max_val}]`,
  infer: (ctx) => {
    const r = base.infer(ctx);
    const [lo, hi] = [ctx.params.min_val as number, ctx.params.max_val as number];
    if (hi > lo) return r;
    return {
      ...r,
      outputs: { out: null },
      diagnostics: [layerError('HARDTANH_RANGE', ctx.nodeId, `Hardtanh's max_val (${hi}) must be greater than min_val (${lo}); set max_val above ${lo}`, {
        kind: 'setParam', nodeId: ctx.nodeId, param: 'max_val', value: lo + 2, label: `set max_val to ${lo + 2}`,
      })],
    };
  },
  lower: ({ b, inputs, params }) => ({ out: b.op1('Clip', [inputs.in!], { min: params.min_val as number, max: params.max_val as number }) }),
  torch: { module: ({ params: p }) => pyCall('nn.Hardtanh', [], [['min_val', p.min_val, -1], ['max_val', p.max_val, 1]]) },
};
