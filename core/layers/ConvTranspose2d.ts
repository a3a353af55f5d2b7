import type { Diagnostic } from '../check/diagnostics';
import { checkGroups, checkInChannels, convParameters, convParams, lowerConv } from './Conv2d';
import { layerError, shapeText } from './diagnostics';
import { pair, pairText } from './params';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/**
 * nn.ConvTranspose2d with PyTorch's parameter names and order; weight
 * [in_channels, out_channels/groups, kh, kw]. Output size per axis:
 * (in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1.
 */
export const ConvTranspose2d: LayerDef = {
  type: 'ConvTranspose2d',
  category: 'layer',
  doc: '2-D transposed convolution (upsampling) over C×H×W samples',
  params: convParams(true),
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) =>
    `${p.in_channels === 'auto' ? 'auto' : p.in_channels}→${p.out_channels} · k${pairText(p.kernel_size)} s${pairText(p.stride)} p${pairText(p.padding)}` +
    (pair(p.output_padding).some((v) => v > 0) ? ` op${pairText(p.output_padding)}` : ''),
  infer: ({ nodeId, params, inputs }) => {
    const x = inputs.in;
    const diagnostics: Diagnostic[] = [];
    const out = params.out_channels as number;
    const groups = params.groups as number;
    const k = pair(params.kernel_size);
    const s = pair(params.stride);
    const p = pair(params.padding);
    const op = pair(params.output_padding);
    const d = pair(params.dilation);
    let cin = params.in_channels === 'auto' ? null : (params.in_channels as number);
    let shape: number[] | null = null;
    if (op.some((v, i) => v >= s[i])) {
      // PyTorch also accepts output_padding < dilation; ONNX Runtime does not.
      const fixed = op.map((v, i) => Math.min(v, s[i] - 1));
      diagnostics.push(
        layerError('CONVT_OUTPUT_PADDING', nodeId, `ConvTranspose2d's output_padding ${pairText(op)} must be smaller than its stride ${pairText(s)}; set output_padding to ${pairText(fixed)}`, {
          kind: 'setParam', nodeId, param: 'output_padding', value: fixed[0] === fixed[1] ? fixed[0] : fixed, label: `set output_padding to ${pairText(fixed)}`,
        }),
      );
    }
    if (x) {
      if (x.shape.length !== 3) {
        diagnostics.push(layerError('CONV_RANK', nodeId, `ConvTranspose2d expects C×H×W per sample but gets ${shapeText(x)}`, undefined, 'in'));
      } else {
        cin = checkInChannels('ConvTranspose2d', nodeId, cin, x.shape[0], diagnostics);
        const hw = [0, 1].map((i) => (x.shape[1 + i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1);
        if (hw[0] < 1 || hw[1] < 1) {
          diagnostics.push(
            layerError('CONV_EMPTY_OUTPUT', nodeId, `ConvTranspose2d's padding ${pairText(p)} crops away its whole ${x.shape[1]}×${x.shape[2]} output; use less padding or a larger kernel`),
          );
        } else shape = [out, hw[0], hw[1]];
      }
    }
    checkGroups(nodeId, cin, out, groups, diagnostics);
    const bias = params.bias as boolean;
    // Each input value meets out/groups·kh·kw weights.
    const perIn = (out / groups) * k[0] * k[1];
    const ok = diagnostics.length === 0 && shape !== null;
    return {
      outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null },
      resolvedParams: { ...params, in_channels: cin ?? params.in_channels },
      paramCount: cin !== null ? cin * perIn + (bias ? out : 0) : 0,
      flops: ok && x ? 2 * perIn * x.shape[0] * x.shape[1] * x.shape[2] : 0,
      diagnostics,
    };
  },
  // For the [in, out/groups, kh, kw] weight PyTorch's fan_in is out/groups·kh·kw.
  parameters: (p) => convParameters(p, true),
  lower: (ctx) => ({ out: lowerConv('ConvTranspose', ctx) }),
  torch: {
    module: ({ params: p }) =>
      pyCall('nn.ConvTranspose2d', [p.in_channels, p.out_channels], [
        ['kernel_size', p.kernel_size, null], ['stride', p.stride, 1], ['padding', p.padding, 0],
        ['output_padding', p.output_padding, 0], ['groups', p.groups, 1], ['bias', p.bias, true], ['dilation', p.dilation, 1],
      ]),
  },
};
