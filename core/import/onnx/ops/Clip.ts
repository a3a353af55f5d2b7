import type { MapContext, OnnxNode } from '../context';
import { asFloat } from '../tensor';
import { mapActivation } from './activations';
import type { OpRule } from './types';

/**
 * Clip → nn.ReLU6 for [0, 6] (MobileNet's activation, as torch.onnx.export writes F.relu6),
 * nn.ReLU for [0, ∞), nn.Hardtanh for other finite bounds. The bounds are constant scalar
 * inputs since opset 11, attributes before; a data-dependent bound stays opaque.
 */
export const Clip: OpRule = {
  op: 'Clip',
  map: (node, ctx) => {
    const lo = bound(node, ctx, 1, 'min', -Infinity);
    const hi = bound(node, ctx, 2, 'max', Infinity);
    if (lo === null || hi === null || !(lo < hi)) return false;
    if (lo === 0 && hi === 6) return mapActivation(node, ctx, 'ReLU6');
    if (lo === 0 && hi === Infinity) return mapActivation(node, ctx, 'ReLU');
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return false;
    return mapActivation(node, ctx, 'Hardtanh', { min_val: lo, max_val: hi });
  },
};

function bound(node: OnnxNode, ctx: MapContext, input: number, attr: string, dflt: number): number | null {
  if (ctx.opset < 11) return ctx.hasAttr(node, attr) ? Math.fround(ctx.float(node, attr, dflt)) : dflt;
  if (!node.inputs[input]) return dflt;
  const t = ctx.constIn(node, input);
  const v = t ? asFloat(t) : null;
  return v && v.length === 1 ? v[0] : null;
}
