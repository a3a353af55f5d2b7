import type { Attrs, Value } from '../ir/ir';
import { int, ints, windowOutSize } from './shapes';

/** Normalised 2-D window attributes shared by Conv, ConvTranspose and the pools. */
export interface Window2d {
  kernel: [number, number];
  strides: [number, number];
  /** [top, left, bottom, right] as ONNX orders pads. */
  pads: [number, number, number, number];
  dilations: [number, number];
  group: number;
}

export function window2d(attrs: Attrs, kernelFallback?: number[]): Window2d {
  const k = ints(attrs.kernel_shape, kernelFallback ?? [1, 1]);
  const s = ints(attrs.strides, [1, 1]);
  const p = ints(attrs.pads, [0, 0, 0, 0]);
  const d = ints(attrs.dilations, [1, 1]);
  return {
    kernel: [k[0], k[1]],
    strides: [s[0], s[1]],
    pads: [p[0], p[1], p[2], p[3]],
    dilations: [d[0], d[1]],
    group: int(attrs.group, 1),
  };
}

export function windowOut(x: Value, w: Window2d): [number, number] {
  return [
    windowOutSize(x.shape[2], w.kernel[0], w.strides[0], w.pads[0], w.pads[2], w.dilations[0]),
    windowOutSize(x.shape[3], w.kernel[1], w.strides[1], w.pads[1], w.pads[3], w.dilations[1]),
  ];
}

/** output_padding that makes a transposed window op reproduce the forward input size exactly. */
export function outputPadding(inputHW: number[], outHW: number[], w: Window2d): [number, number] {
  return [0, 1].map((i) => {
    const full = w.strides[i] * (outHW[i] - 1) + (w.kernel[i] - 1) * w.dilations[i] + 1 - w.pads[i] - w.pads[i + 2];
    return inputHW[i] - full;
  }) as [number, number];
}

export function windowAttrs(w: Window2d, withGroupAndDilation = true): Attrs {
  const a: Attrs = { kernel_shape: [...w.kernel], strides: [...w.strides], pads: [...w.pads] };
  if (withGroupAndDilation) {
    a.dilations = [...w.dilations];
    a.group = w.group;
  }
  return a;
}

/**
 * A ConvTransposeAdd node's attributes (prims/ConvTransposeAdd.ts) from its two ConvTransposes'
 * and back: the shortcut's carry a `shortcut_` prefix. Here, free of the op registry, so the
 * reference interpreter can read them too.
 */
const SHORTCUT = 'shortcut_';

export function joinAttrs(main: Attrs, shortcut: Attrs): Attrs {
  return { ...main, ...Object.fromEntries(Object.entries(shortcut).map(([k, v]) => [SHORTCUT + k, v])) };
}

export function splitAttrs(attrs: Attrs): [Attrs, Attrs] {
  const main: Attrs = {};
  const shortcut: Attrs = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith(SHORTCUT)) shortcut[k.slice(SHORTCUT.length)] = v;
    else main[k] = v;
  }
  return [main, shortcut];
}
