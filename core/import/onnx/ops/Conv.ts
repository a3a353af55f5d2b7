import { asFloat } from '../tensor';
import type { OpRule } from './types';
import { pairParam, window2d } from './spatial';
import { biasOf } from './weights';

/** Conv with a constant 4-D weight and symmetric padding → nn.Conv2d. */
export const Conv: OpRule = {
  op: 'Conv',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    const W = ctx.constIn(node, 1);
    if (!x?.sample || x.sample.length !== 3 || !W || W.dims.length !== 4) return false;
    const w = asFloat(W);
    const win = window2d(node, ctx, ctx.ints(node, 'kernel_shape') ?? W.dims.slice(2));
    if (!w || !win) return false;
    const groups = ctx.int(node, 'group', 1);
    const out = W.dims[0];
    const Bin = node.inputs[2] ? ctx.constIn(node, 2) : null;
    if (node.inputs[2] && !Bin) return false;
    const bias = biasOf(Bin, out);
    if (Bin && !bias) return false;
    const params = {
      in_channels: W.dims[1] * groups,
      out_channels: out,
      kernel_size: pairParam(win.kernel),
      stride: pairParam(win.stride),
      padding: pairParam(win.padding),
      dilation: pairParam(win.dilation),
      groups,
      bias: !!bias,
    };
    const weights = { weight: { shape: W.dims, data: w }, ...(bias ? { bias: { shape: [out], data: bias } } : {}) };
    return ctx.mapped(node, ctx.addLayer({ type: 'Conv2d', params, inputs: { in: x }, weights, node }));
  },
};
