import type { IrNode } from '../ir/ir';
import type { EmitContext } from '../onnx/emitContext';
import type { Window2d } from './convShapes';
import { canNchwcConv, emitBlockedConv, NCHWC_DOMAIN, nodeEmitter } from './nchwcConv';

/**
 * A strided ConvTranspose (a strided Conv's input gradient) as s_h·s_w stride-1 blocked Convs,
 * one per output phase, interleaved in the blocked layout and reordered once.
 *
 * Along one axis, output row oy = s·u + r takes the taps a ≡ r + p (mod s) of input rows
 * i = u + d − t, with a = a0 + s·t: phase r is a stride-1 correlation of g with the sub-kernel
 * w[a0 + s·(T−1−τ)] (every s-th tap, flipped), front pad T−1−d. Its T taps over the s phases add
 * up to the kernel's k, so the phases do exactly ConvTranspose's arithmetic, on MLAS's blocked
 * kernels instead of ORT's per-image GEMM and col2im.
 *
 * The phases' blocked outputs [N, C/B, U, V, B] are interleaved by two Concats of whole B-float
 * runs (columns, then rows), so one ReorderOutput brings back NCHW; g is reordered once for all
 * phases (the emitter deduplicates the ReorderInput). ResNet-8's two 3×3 stride-2 input
 * gradients at batch 64, ORT's profile: 6.6 → 3.8 ms per step (figures in
 * core/ops/prims/ConvTranspose.ts).
 */
export interface PhasePlan {
  /** Per axis (h, w), per phase r: first tap a0, tap count T, front and end pads of its Conv. */
  axes: { a0: number; taps: number; padBegin: number; padEnd: number }[][];
  /** Outputs per phase along each axis: OH / s_h, OW / s_w. */
  perPhase: [number, number];
}

/**
 * The phases of a ConvTranspose window with strides > 1, or null where the plan would need
 * more than stride-1 Convs with non-negative pads: dilation or groups, an output size that is
 * not a multiple of the stride, a phase with no taps (stride > kernel), or one whose rows
 * start before the input.
 */
export function stridedPhases(win: Window2d, inHW: number[], outHW: number[]): PhasePlan | null {
  if (win.group !== 1 || win.dilations.some((d) => d !== 1) || win.strides.every((s) => s === 1)) return null;
  const axes: PhasePlan['axes'] = [];
  for (const d of [0, 1]) {
    const [s, k, p] = [win.strides[d], win.kernel[d], win.pads[d]];
    if (outHW[d] % s !== 0) return null;
    const u = outHW[d] / s;
    const phases: PhasePlan['axes'][number] = [];
    for (let r = 0; r < s; r++) {
      const a0 = (r + p) % s;
      const taps = a0 < k ? Math.ceil((k - a0) / s) : 0;
      const shift = (r + p - a0) / s;
      const padBegin = taps - 1 - shift;
      const padEnd = u - inHW[d] - padBegin + taps - 1;
      if (taps === 0 || padBegin < 0 || padEnd < 0) return null;
      phases.push({ a0, taps, padBegin, padEnd });
    }
    axes.push(phases);
  }
  return { axes, perPhase: [outHW[0] / win.strides[0], outHW[1] / win.strides[1]] };
}

export interface StridedTransposeArgs {
  g: string;
  /** ConvTranspose weights [inChannels, outChannels, kh, kw]. */
  w: string;
  bias?: string;
  out: string;
  batch: number;
  inChannels: number;
  outChannels: number;
  win: Window2d;
  plan: PhasePlan;
  /**
   * A 1×1 ConvTranspose with the same strides and no pads whose output is added
   * (prims/ConvTransposeAdd.ts): g [N, M', U, V], w [M', outChannels, 1, 1]. Its term is phase
   * (0, 0)'s alone, a blocked 1×1 Conv fed to that phase's Conv as its Sum input.
   */
  shortcut?: { g: string; w: string; inChannels: number };
}

/** A 1×1 stride-1 window without pads. */
export const UNIT_WINDOW: Window2d = { kernel: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 };

/** Whether every phase's Conv takes the blocked kernel (channel counts, tap counts). */
export function canNchwcPhases(block: number, inChannels: number, outChannels: number, plan: PhasePlan): boolean {
  return plan.axes[0].every((ph) => plan.axes[1].every((pw) => canNchwcConv(block, inChannels, outChannels, phaseWindow(ph, pw), plan.perPhase)));
}

function phaseWindow(ph: PhasePlan['axes'][number][number], pw: PhasePlan['axes'][number][number]): Window2d {
  return { kernel: [ph.taps, pw.taps], strides: [1, 1], pads: [ph.padBegin, pw.padBegin, ph.padEnd, pw.padEnd], dilations: [1, 1], group: 1 };
}

export function emitStridedTransposeAsPhases(ctx: EmitContext, node: IrNode, a: StridedTransposeArgs): void {
  const op = nodeEmitter(ctx, node);
  const B = ctx.nchwc;
  const [sh, sw] = a.win.strides;
  const [u, v] = a.plan.perPhase;
  const blocks = Math.ceil(a.outChannels / B);
  const big = 2 ** 62;
  // [outChannels, inChannels, kh, kw]: each phase's kernel is every s-th tap of it, flipped.
  const wT = op('Transpose', [a.w], { perm: [1, 0, 2, 3] });
  // Output row s·u + 0 is phase 0's, so the shortcut's 1×1 term belongs to phase (0, 0).
  const shortcutTerm = a.shortcut && emitBlockedConv(ctx, node, {
    x: a.shortcut.g, w: op('Transpose', [a.shortcut.w], { perm: [1, 0, 2, 3] }), inChannels: a.shortcut.inChannels, outChannels: a.outChannels, win: UNIT_WINDOW,
  });
  const rows: string[] = [];
  for (const [r, ph] of a.plan.axes[0].entries()) {
    const columns: string[] = [];
    for (const [q, pw] of a.plan.axes[1].entries()) {
      const first = [ph.a0 + sh * (ph.taps - 1), pw.a0 + sw * (pw.taps - 1)];
      const last = [ph.a0 - 1, pw.a0 - 1].map((e) => (e < 0 ? -big : e));
      const kernel = op('Slice', [wT, ctx.int64(first), ctx.int64(last), ctx.int64([2, 3]), ctx.int64([-sh, -sw])]);
      const sum = r === 0 && q === 0 ? shortcutTerm : undefined;
      const y = emitBlockedConv(ctx, node, { x: a.g, w: kernel, bias: a.bias, sum, inChannels: a.inChannels, outChannels: a.outChannels, win: phaseWindow(ph, pw) });
      columns.push(op('Reshape', [y, ctx.int64([a.batch, blocks, u, v, 1, B])]));
    }
    // Columns interleaved: [N, C/B, U, V, s_w, B] is [N, C/B, U, V·s_w, B] in memory.
    const row = columns.length > 1 ? op('Concat', columns, { axis: 4 }) : columns[0];
    rows.push(op('Reshape', [row, ctx.int64([a.batch, blocks, u, 1, v * sw * B])]));
  }
  const all = rows.length > 1 ? op('Concat', rows, { axis: 3 }) : rows[0];
  const blocked = op('Reshape', [all, ctx.int64([a.batch, blocks * B, u * sh, v * sw])]);
  op('ReorderOutput', [blocked], { channels: a.outChannels }, NCHWC_DOMAIN, a.out);
}
