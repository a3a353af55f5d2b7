import { asFloat } from '../tensor';
import type { MapContext, OnnxNode } from '../context';
import type { OpRule } from './types';
import { pairParam, window2d } from './spatial';
import { biasOf } from './weights';

/**
 * Conv or ConvTranspose with a constant 4-D weight and symmetric padding → nn.Conv2d or
 * nn.ConvTranspose2d with the same weights. The weight's layout differs: Conv's is
 * [out, in/groups, kh, kw], ConvTranspose's [in, out/groups, kh, kw].
 */
export function mapConvLike(node: OnnxNode, ctx: MapContext, transposed: boolean): boolean {
  const x = ctx.tensorIn(node, 0);
  const W = ctx.constIn(node, 1);
  if (!x?.sample || x.sample.length !== 3 || !W || W.dims.length !== 4) return false;
  const w = asFloat(W);
  const win = window2d(node, ctx, ctx.ints(node, 'kernel_shape') ?? W.dims.slice(2));
  if (!w || !win) return false;
  const groups = ctx.int(node, 'group', 1);
  const [cin, out] = transposed ? [W.dims[0], W.dims[1] * groups] : [W.dims[1] * groups, W.dims[0]];
  const Bin = node.inputs[2] ? ctx.constIn(node, 2) : null;
  if (node.inputs[2] && !Bin) return false;
  const bias = biasOf(Bin, out);
  if (Bin && !bias) return false;
  let outputPadding: number[] = [];
  if (transposed) {
    // output_shape (pads chosen by the runtime) has no nn.ConvTranspose2d spelling; exporters write pads.
    if (ctx.ints(node, 'output_shape')) return false;
    const op = ctx.ints(node, 'output_padding') ?? [0, 0];
    if (op.length !== 2) return false;
    outputPadding = op;
  }
  const params = {
    in_channels: cin,
    out_channels: out,
    kernel_size: pairParam(win.kernel),
    stride: pairParam(win.stride),
    padding: pairParam(win.padding),
    ...(transposed ? { output_padding: pairParam([outputPadding[0], outputPadding[1]]) } : {}),
    dilation: pairParam(win.dilation),
    groups,
    bias: !!bias,
  };
  const weights = { weight: { shape: W.dims, data: w }, ...(bias ? { bias: { shape: [out], data: bias } } : {}) };
  return ctx.mapped(node, ctx.addLayer({ type: transposed ? 'ConvTranspose2d' : 'Conv2d', params, inputs: { in: x }, weights, node }));
}

/** Conv → nn.Conv2d. */
export const Conv: OpRule = {
  op: 'Conv',
  map: (node, ctx) => mapConvLike(node, ctx, false),
};
