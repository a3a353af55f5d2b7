import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import { pair, pairText } from './params';
import { pyCall } from './torch';
import type { ParamValue } from '../graph/document';
import type { Value } from '../ir/ir';
import type { LayerDef, LowerContext, ParamSpec, ParamTensor } from './types';
import { windowOutSize } from '../ops/shapes';

/**
 * Conv2d's and ConvTranspose2d's parameters in PyTorch's constructor order, so positional
 * arguments (`ConvTranspose2d(16, 8, 3, 2, 1, 1)`) read as in PyTorch: ConvTranspose2d has
 * output_padding after padding and dilation last.
 */
export function convParams(transposed: boolean): ParamSpec[] {
  const dilation: ParamSpec = { name: 'dilation', kind: 'intPair', default: 1, min: 1, doc: 'Spacing between kernel elements' };
  const outputPadding: ParamSpec = { name: 'output_padding', kind: 'intPair', default: 0, min: 0, doc: 'Extra rows and columns added to one side of the output (below the stride)' };
  return [
    { name: 'in_channels', kind: 'intOrAuto', default: 'auto', torchRequired: true, min: 1, doc: 'Channels of the input, or "auto" to take them from the incoming edge' },
    { name: 'out_channels', kind: 'int', default: 32, torchRequired: true, min: 1, doc: 'Channels produced by the convolution' },
    { name: 'kernel_size', kind: 'intPair', default: 3, torchRequired: true, min: 1, doc: 'Size of the convolving kernel' },
    { name: 'stride', kind: 'intPair', default: 1, min: 1, doc: 'Stride of the convolution' },
    { name: 'padding', kind: 'intPair', default: 0, min: 0, doc: transposed ? 'Rows and columns cropped from both sides of the output (dilation·(kernel_size−1) − padding of zero padding on the input)' : 'Zero padding added to both sides' },
    ...(transposed ? [outputPadding] : [dilation]),
    { name: 'groups', kind: 'int', default: 1, min: 1, doc: 'Blocked connections from input to output channels' },
    { name: 'bias', kind: 'bool', default: true, doc: 'Learn an additive bias' },
    ...(transposed ? [dilation] : []),
  ];
}

/** The channel count to use: the incoming one, with a fix when in_channels says otherwise. */
export function checkInChannels(layer: string, nodeId: string, cin: number | null, c: number, diagnostics: Diagnostic[]): number | null {
  if (cin === null || cin === c) return c;
  diagnostics.push(
    layerError('CONV_IN_CHANNELS', nodeId, `${layer} receives ${c} channels, not ${cin} (in_channels); set in_channels to ${c}`, {
      kind: 'setParam', nodeId, param: 'in_channels', value: c, label: `set in_channels to ${c}`,
    }, 'in'),
  );
  return cin;
}

export function checkGroups(nodeId: string, cin: number | null, out: number, groups: number, diagnostics: Diagnostic[]): void {
  if (cin !== null && cin % groups !== 0) {
    diagnostics.push(layerError('CONV_GROUPS', nodeId, `in_channels (${cin}) must be divisible by groups (${groups})`));
  }
  if (out % groups !== 0) {
    diagnostics.push(layerError('CONV_GROUPS', nodeId, `out_channels (${out}) must be divisible by groups (${groups})`));
  }
}

/** The Conv or ConvTranspose node of a conv layer: its window from the layer's params, bias when it has one. */
export function lowerConv(op: 'Conv' | 'ConvTranspose', { b, inputs, weights, params }: LowerContext): Value {
  const [ph, pw] = pair(params.padding);
  const args = weights.bias ? [inputs.in!, weights.weight, weights.bias] : [inputs.in!, weights.weight];
  return b.op1(op, args, {
    kernel_shape: pair(params.kernel_size),
    strides: pair(params.stride),
    pads: [ph, pw, ph, pw],
    dilations: pair(params.dilation),
    group: params.groups as number,
    ...(op === 'ConvTranspose' ? { output_padding: pair(params.output_padding) } : {}),
  });
}

/** Weight (and bias) of a conv layer, uniform in ±1/√fan_in as PyTorch's reset_parameters, fan_in = weight.size(1)·kh·kw. */
export function convParameters(p: Record<string, ParamValue>, transposed: boolean): ParamTensor[] {
  const [kh, kw] = pair(p.kernel_size);
  const [rows, cols] = transposed ? [p.in_channels as number, (p.out_channels as number) / (p.groups as number)] : [p.out_channels as number, (p.in_channels as number) / (p.groups as number)];
  const bound = 1 / Math.sqrt(cols * kh * kw);
  const list: ParamTensor[] = [{ role: 'weight', shape: [rows, cols, kh, kw], init: { kind: 'uniform', bound } }];
  if (p.bias) list.push({ role: 'bias', shape: [p.out_channels as number], init: { kind: 'uniform', bound } });
  return list;
}

/** nn.Conv2d with PyTorch's parameter names; weight [out_channels, in_channels/groups, kh, kw]. */
export const Conv2d: LayerDef = {
  type: 'Conv2d',
  category: 'layer',
  doc: '2-D convolution over C×H×W samples',
  params: convParams(false),
  inputs: [{ name: 'in', kind: 'tensor', required: true }],
  outputs: [{ name: 'out', kind: 'tensor' }],
  summary: (p) =>
    `${p.in_channels === 'auto' ? 'auto' : p.in_channels}→${p.out_channels} · k${pairText(p.kernel_size)} s${pairText(p.stride)} p${pairText(p.padding)}`,
  infer: ({ nodeId, params, inputs }) => {
    const x = inputs.in;
    const diagnostics: Diagnostic[] = [];
    const out = params.out_channels as number;
    const groups = params.groups as number;
    const [kh, kw] = pair(params.kernel_size);
    const [sh, sw] = pair(params.stride);
    const [ph, pw] = pair(params.padding);
    const [dh, dw] = pair(params.dilation);
    let cin = params.in_channels === 'auto' ? null : (params.in_channels as number);
    let shape: number[] | null = null;
    if (x) {
      if (x.shape.length !== 3) {
        diagnostics.push(layerError('CONV_RANK', nodeId, `Conv2d expects C×H×W per sample but gets ${shapeText(x)}`, undefined, 'in'));
      } else {
        const [c, h, w] = x.shape;
        cin = checkInChannels('Conv2d', nodeId, cin, c, diagnostics);
        const oh = windowOutSize(h, kh, sh, ph, ph, dh);
        const ow = windowOutSize(w, kw, sw, pw, pw, dw);
        if (oh < 1 || ow < 1) {
          diagnostics.push(
            layerError('CONV_EMPTY_OUTPUT', nodeId, `Conv2d's kernel ${kh}×${kw} (dilation ${dh}×${dw}) does not fit a ${h}×${w} input with padding ${ph}×${pw}; use a smaller kernel or more padding`),
          );
        } else shape = [out, oh, ow];
      }
    }
    checkGroups(nodeId, cin, out, groups, diagnostics);
    const bias = params.bias as boolean;
    const perOut = cin !== null ? (cin / groups) * kh * kw : 0;
    const ok = diagnostics.length === 0 && shape !== null;
    return {
      outputs: { out: ok ? { shape: shape!, dtype: 'float32' } : null },
      resolvedParams: { ...params, in_channels: cin ?? params.in_channels },
      paramCount: cin !== null ? out * perOut + (bias ? out : 0) : 0,
      flops: shape ? 2 * perOut * shape[0] * shape[1] * shape[2] : 0,
      diagnostics,
    };
  },
  parameters: (p) => convParameters(p, false),
  lower: (ctx) => ({ out: lowerConv('Conv', ctx) }),
  torch: {
    module: ({ params: p }) =>
      pyCall('nn.Conv2d', [p.in_channels, p.out_channels], [
        ['kernel_size', p.kernel_size, null], ['stride', p.stride, 1], ['padding', p.padding, 0],
        ['dilation', p.dilation, 1], ['groups', p.groups, 1], ['bias', p.bias, true],
      ]),
  },
};
