import type { MapContext, OnnxNode, TensorValue } from '../context';
import { mapOpaque } from '../opaque';
import { pairParam, window2d } from './spatial';

/**
 * MaxPool / AveragePool → nn.MaxPool2d / nn.AvgPool2d when PyTorch's layer computes the same:
 * no ceil mode, no dilation, padding at most half the kernel; AvgPool2d counts the padding
 * (count_include_pad=True), so padded ONNX pools that do not stay opaque. `extraPad` is a
 * Pad node's zero padding folded in (see Pad.ts).
 */
export function mapPool(node: OnnxNode, ctx: MapContext, x: TensorValue, extraPad: [number, number] = [0, 0]): boolean {
  if (!x.sample || x.sample.length !== 3) return false;
  const mapped = mapPoolLayer(node, ctx, x, extraPad);
  // Kept as the ONNX op (ceil mode, dilation, ...) with the shape ONNX Runtime computes, when no Pad was folded in.
  if (!mapped && !extraPad[0] && !extraPad[1]) return mapOpaque(node, ctx, { outputs: [poolShape(node, ctx, x.sample)] });
  return mapped;
}

function mapPoolLayer(node: OnnxNode, ctx: MapContext, x: TensorValue, extraPad: [number, number]): boolean {
  if (node.outputs.slice(1).some((o) => o && ctx.consumers(o).length)) return false;
  const max = node.op === 'MaxPool';
  const win = window2d(node, ctx, ctx.ints(node, 'kernel_shape'));
  if (!win || ctx.int(node, 'ceil_mode', 0) || win.dilation.some((d) => d !== 1) || ctx.int(node, 'storage_order', 0)) return false;
  const padding: [number, number] = [win.padding[0] + extraPad[0], win.padding[1] + extraPad[1]];
  if (!max && (win.padding[0] || win.padding[1]) && !ctx.int(node, 'count_include_pad', 0)) return false;
  if (max && (extraPad[0] || extraPad[1])) return false;
  const params = { kernel_size: pairParam(win.kernel), stride: pairParam(win.stride), padding: pairParam(padding) };
  return ctx.mapped(node, ctx.addLayer({ type: max ? 'MaxPool2d' : 'AvgPool2d', params, inputs: { in: x }, node }));
}

/**
 * [C, oh, ow] of a 2-D pooling node as ONNX defines it (explicit pads, dilations, floor or ceil
 * mode; in ceil mode a last window that would start in the right padding is dropped, as in
 * PyTorch and ONNX Runtime), or null for what it does not cover (auto_pad SAME_*).
 */
export function poolShape(node: OnnxNode, ctx: MapContext, sample: number[]): number[] | null {
  const k = ctx.ints(node, 'kernel_shape');
  if (!k || k.length !== 2 || sample.length !== 3 || !['NOTSET', 'VALID'].includes(ctx.string(node, 'auto_pad', 'NOTSET'))) return null;
  const pads = ctx.ints(node, 'pads') ?? [0, 0, 0, 0];
  const s = ctx.ints(node, 'strides') ?? [1, 1];
  const d = ctx.ints(node, 'dilations') ?? [1, 1];
  const ceil = !!ctx.int(node, 'ceil_mode', 0);
  const out = [0, 1].map((i) => {
    const span = sample[i + 1] + pads[i] + pads[i + 2] - ((k[i] - 1) * d[i] + 1);
    let o = (ceil ? Math.ceil(span / s[i]) : Math.floor(span / s[i])) + 1;
    if (ceil && (o - 1) * s[i] >= sample[i + 1] + pads[i]) o--;
    return o;
  });
  return out.every((o) => Number.isInteger(o) && o > 0) ? [sample[0], ...out] : null;
}
