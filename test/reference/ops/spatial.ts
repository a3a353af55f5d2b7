/**
 * Shared window geometry for Conv, ConvTranspose and the pools. The loops are written for two
 * spatial dims; a 1-D op (rank-3 input) is lifted to 2-D with a unit height, which leaves flat
 * indices (MaxPool's Indices) unchanged because the inserted axis has size 1.
 */
import type { Attrs } from '../../../core/ir/ir';
import { attrInts, attrNum, attrString, type RefTensor } from '../tensor';

export interface Window2d {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** Pads: top, left, bottom, right (ONNX x1_begin, x2_begin, x1_end, x2_end). */
  pt: number;
  pl: number;
  pb: number;
  pr: number;
}

/** Number of spatial dims of an [N, C, ...] tensor, rejecting anything but 1-D and 2-D. */
export function spatialRank(x: RefTensor, op: string): number {
  const r = x.shape.length - 2;
  if (r !== 1 && r !== 2) throw new Error(`${op}: only 1-D and 2-D spatial inputs are supported, got rank ${x.shape.length}`);
  return r;
}

/** [N, C, W] → [N, C, 1, W]; 4-D passes through. Shares the data buffer (read-only use). */
export function lift(x: RefTensor): RefTensor {
  return x.shape.length === 3 ? { shape: [x.shape[0], x.shape[1], 1, x.shape[2]], data: x.data } : x;
}

/** Undoes `lift` on a result when the op was 1-D. */
export function unlift(y: RefTensor, rank: number): RefTensor {
  return rank === 1 ? { shape: [y.shape[0], y.shape[1], y.shape[3]], data: y.data } : y;
}

/** Per-spatial-axis list attribute lifted to 2 entries (a 1-D op gets the neutral value for H). */
function pair(attrs: Attrs, key: string, rank: number, neutral: number, def: number): [number, number] {
  const v = attrInts(attrs, key) ?? new Array<number>(rank).fill(def);
  if (v.length !== rank) throw new Error(`${key} must have ${rank} entries, got [${v.join(',')}]`);
  return rank === 1 ? [neutral, v[0]] : [v[0], v[1]];
}

/** Reads the window attributes; `kernel` is the fallback kernel_shape (Conv takes it from W). */
export function readWindow(attrs: Attrs, rank: number, kernel?: number[]): Window2d {
  const autoPad = attrString(attrs, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET') throw new Error(`auto_pad=${autoPad} is not supported; the IR uses explicit pads`);
  const ks = attrInts(attrs, 'kernel_shape') ?? kernel;
  if (!ks || ks.length !== rank) throw new Error(`kernel_shape must have ${rank} entries`);
  const [kh, kw] = rank === 1 ? [1, ks[0]] : ks;
  const [sh, sw] = pair(attrs, 'strides', rank, 1, 1);
  const [dh, dw] = pair(attrs, 'dilations', rank, 1, 1);
  const pads = attrInts(attrs, 'pads') ?? new Array<number>(2 * rank).fill(0);
  if (pads.length !== 2 * rank) throw new Error(`pads must have ${2 * rank} entries, got [${pads.join(',')}]`);
  const [pt, pl, pb, pr] = rank === 1 ? [0, pads[0], 0, pads[1]] : pads;
  return { kh, kw, sh, sw, dh, dw, pt, pl, pb, pr };
}

/**
 * Output length of a strided window sweep over one padded axis. With ceil_mode the last window
 * may hang off the end, but (as in ORT and PyTorch) never start inside the end padding.
 */
export function outLen(inLen: number, k: number, s: number, d: number, pBegin: number, pEnd: number, ceil = false): number {
  const span = inLen + pBegin + pEnd - ((k - 1) * d + 1);
  if (span < 0) throw new Error(`window of ${k} (dilation ${d}) exceeds padded input ${inLen + pBegin + pEnd}`);
  let n = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (n - 1) * s >= inLen + pBegin) n--;
  return n;
}

export function ceilMode(attrs: Attrs): boolean {
  return attrNum(attrs, 'ceil_mode', 0) !== 0;
}
