import type { MapContext, OnnxNode, TensorValue } from '../context';
import { pairParam, window2d } from './spatial';

/**
 * MaxPool / AveragePool → nn.MaxPool2d / nn.AvgPool2d when PyTorch's layer computes the same:
 * no ceil mode, no dilation, padding at most half the kernel; AvgPool2d counts the padding
 * (count_include_pad=True), so padded ONNX pools that do not stay opaque. `extraPad` is a
 * Pad node's zero padding folded in (see Pad.ts).
 */
export function mapPool(node: OnnxNode, ctx: MapContext, x: TensorValue, extraPad: [number, number] = [0, 0]): boolean {
  if (!x.sample || x.sample.length !== 3) return false;
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
