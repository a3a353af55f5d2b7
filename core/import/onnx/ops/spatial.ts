import type { MapContext, OnnxNode } from '../context';

/**
 * The 2-D window attributes shared by Conv and the pooling ops, as PyTorch parameters, or
 * null when PyTorch's layers cannot express them (asymmetric or automatic padding, 1-D/3-D).
 */
export function window2d(node: OnnxNode, ctx: MapContext, kernel: number[] | null): { kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number] } | null {
  const autoPad = ctx.string(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') return null;
  if (!kernel || kernel.length !== 2) return null;
  const pads = autoPad === 'VALID' ? [0, 0, 0, 0] : (ctx.ints(node, 'pads') ?? [0, 0, 0, 0]);
  const strides = ctx.ints(node, 'strides') ?? [1, 1];
  const dilations = ctx.ints(node, 'dilations') ?? [1, 1];
  if (pads.length !== 4 || strides.length !== 2 || dilations.length !== 2) return null;
  if (pads[0] !== pads[2] || pads[1] !== pads[3]) return null;
  return { kernel: [kernel[0], kernel[1]], stride: [strides[0], strides[1]], padding: [pads[0], pads[1]], dilation: [dilations[0], dilations[1]] };
}

/** `3` when both are equal (how PyTorch users write it), else the pair. */
export function pairParam([a, b]: [number, number]): number | number[] {
  return a === b ? a : [a, b];
}
