import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import { connectedInputs, dimText, NUM_INPUTS } from './multiInput';
import { numberedPorts } from './ports';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/**
 * torch.cat of two or more tensors along `dim` (PyTorch's numbering: dim 0 is the batch, so
 * the default 1 joins channels of images or features of vectors; negative counts from the
 * end). Every other dimension must agree.
 */
export const Concat: LayerDef = {
  type: 'Concat',
  category: 'merge',
  doc: 'Joins its inputs along a dimension (default: channels)',
  params: [NUM_INPUTS, { name: 'dim', kind: 'int', default: 1, min: -8, max: 8, doc: 'Dimension to join along, counting the batch as 0 (1 = channels or features; negative from the end)' }],
  inputs: numberedPorts(2),
  inputsFor: (p) => numberedPorts(p.num_inputs as number),
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) => `dim ${p.dim}${p.num_inputs === 2 ? '' : ` · ${p.num_inputs} inputs`}`,
  infer: (ctx) => {
    const ins = connectedInputs(Concat, ctx);
    const diagnostics: Diagnostic[] = [];
    const dim = ctx.params.dim as number;
    let shape: number[] | null = null;
    if (ins.length) {
      const first = ins[0];
      const rank = first.t.shape.length;
      const axis = dim < 0 ? rank + 1 + dim : dim;
      if (axis === 0) {
        diagnostics.push(layerError('CONCAT_BATCH', ctx.nodeId, 'Concat cannot join along dim 0, the batch; set dim to 1 (channels)', { kind: 'setParam', nodeId: ctx.nodeId, param: 'dim', value: 1, label: 'set dim to 1' }));
      } else if (axis < 0 || axis > rank) {
        diagnostics.push(layerError('CONCAT_DIM', ctx.nodeId, `Concat's dim ${dim} is out of range for ${shapeText(first.t)} samples (dims 1..${rank} after the batch); set dim to 1`, { kind: 'setParam', nodeId: ctx.nodeId, param: 'dim', value: 1, label: 'set dim to 1' }));
      } else {
        const a = axis - 1;
        shape = [...first.t.shape];
        for (const { port, t } of ins.slice(1)) {
          if (t.shape.length !== rank) {
            diagnostics.push(layerError('CONCAT_RANK', ctx.nodeId, `Concat's ${port} is ${shapeText(t)} but ${first.port} is ${shapeText(first.t)}; the inputs need the same number of dimensions`, undefined, port));
            shape = null;
            break;
          }
          const bad = t.shape.findIndex((d, i) => i !== a && d !== first.t.shape[i]);
          if (bad >= 0) {
            // Joining along the one dimension where they differ would work, if that is what was meant.
            const differ = t.shape.map((d, i) => d !== first.t.shape[i]).filter(Boolean).length;
            const fix = differ === 1 ? { kind: 'setParam' as const, nodeId: ctx.nodeId, param: 'dim', value: bad + 1, label: `join along dim ${bad + 1}` } : undefined;
            diagnostics.push(layerError('CONCAT_SHAPE', ctx.nodeId, `Concat's ${port} (${shapeText(t)}) does not match ${first.port} (${shapeText(first.t)}) in ${dimText(rank, bad)}: ${t.shape[bad]} vs ${first.t.shape[bad]}; all dimensions but dim ${axis} must agree`, fix, port));
            shape = null;
            break;
          }
          shape[a] += t.shape[a];
        }
      }
    }
    const ok = shape !== null && diagnostics.length === 0 && ins.length === (ctx.params.num_inputs as number);
    return {
      outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null },
      resolvedParams: ctx.params,
      paramCount: 0,
      flops: 0,
      diagnostics,
    };
  },
  lower: ({ b, inputs, params }) => {
    const xs = numberedPorts(params.num_inputs as number).map((p) => inputs[p.name]!);
    const dim = params.dim as number;
    return { out: b.op1('Concat', xs, { axis: dim < 0 ? xs[0].shape.length + dim : dim }) };
  },
  torch: {
    module: ({ params: p }) => pyCall('Concat', [], [['dim', p.dim, 1]]),
    helpers: {
      Concat: `
class Concat(nn.Module):
    """The canvas's Concat: torch.cat of its inputs along dim (1 = channels)."""

    def __init__(self, dim=1):
        super().__init__()
        self.dim = dim

    def forward(self, *xs):
        return torch.cat(xs, dim=self.dim)`,
    },
  },
};
