import type { Diagnostic } from '../check/diagnostics';
import { numel } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { connectedInputs, dimText, NUM_INPUTS, producerFix } from './multiInput';
import { numberedPorts } from './ports';
import type { LayerDef } from './types';

/**
 * Element-wise sum of two or more tensors (a residual connection: `out = x + f(x)`), with
 * PyTorch's broadcasting: in each dimension the sizes agree or one of them is 1. Inputs must
 * have the same per-sample rank (PyTorch would align the batch with a sample dimension
 * otherwise, which is never what a residual means).
 */
export const Add: LayerDef = {
  type: 'Add',
  category: 'merge',
  doc: 'Sum of its inputs (residual connection), with broadcasting',
  params: [NUM_INPUTS],
  inputs: numberedPorts(2),
  inputsFor: (p) => numberedPorts(p.num_inputs as number),
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => (p.num_inputs === 2 ? '' : `${p.num_inputs} inputs`),
  infer: (ctx) => {
    const ins = connectedInputs(Add, ctx);
    const diagnostics: Diagnostic[] = [];
    let shape: number[] | null = ins.length ? [...ins[0].t.shape] : null;
    for (const { port, t } of ins.slice(1)) {
      if (!shape) break;
      const first = ins[0];
      if (t.shape.length !== shape.length) {
        diagnostics.push(layerError('ADD_RANK', ctx.nodeId, `Add's ${port} is ${shapeText(t)} but ${first.port} is ${shapeText(first.t)}; the inputs need the same number of dimensions (insert Flatten on one, or feed tensors of the same kind)`, undefined, port));
        shape = null;
        break;
      }
      const bad = t.shape.findIndex((d, i) => d !== shape![i] && d !== 1 && shape![i] !== 1);
      if (bad >= 0) {
        diagnostics.push(layerError('ADD_SHAPE', ctx.nodeId, `Add's ${port} (${shapeText(t)}) does not match ${first.port} (${shapeText(first.t)}) in ${dimText(t.shape.length, bad)}: ${t.shape[bad]} vs ${shape[bad]}; sizes must be equal or 1`, producerFix(ctx, port, bad, first.t.shape[bad]), port));
        shape = null;
        break;
      }
      shape = shape.map((d, i) => Math.max(d, t.shape[i]));
    }
    const ok = shape !== null && diagnostics.length === 0 && ins.length === (ctx.params.num_inputs as number);
    return {
      outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null },
      paramCount: 0,
      flops: shape ? (ins.length - 1) * numel(shape) : 0,
      diagnostics,
    };
  },
  lower: ({ b, inputs, params }) => {
    const xs = numberedPorts(params.num_inputs as number).map((p) => inputs[p.name]!);
    return { out: xs.slice(1).reduce((acc, x) => b.add(acc, x), xs[0]) };
  },
  torch: {
    module: () => 'Add()',
    helpers: {
      Add: `
class Add(nn.Module):
    """The canvas's Add: the sum of its inputs, left to right, with broadcasting."""

    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out`,
    },
  },
};
