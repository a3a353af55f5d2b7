import type { IrNode } from '../ir/ir';
import type { EmitContext } from '../onnx/emitContext';
import type { Window2d } from './convShapes';

/**
 * Conv through ONNX Runtime's blocked-layout CPU kernels (MLAS NchwcConv, domain
 * com.microsoft.nchwc). ORT only picks them itself when a Conv's weights are initializers,
 * which in a training graph they never are (they are the `params` input), so training graphs
 * for the CPU provider (ctx.nchwc) emit them directly and reorder the weights every step
 * (weights are small; the reorder is a Pad, Reshape and Transpose).
 *
 * Layouts, as MLAS defines them with block size B (ctx.nchwc: 8 with AVX2, 16 with AVX-512;
 * the runtime asks ORT for it, see nchwcBlockSize in core/runtime/session.ts):
 *  - activations NCHWc: [N, ⌈C/B⌉·B, H, W] whose memory is [N][C/B][H][W][B], zero-padded
 *    channels (ReorderInput / ReorderOutput convert; ReorderInput needs C % 4 == 0);
 *  - filter OIHWBiBo for C ≥ B: [O/B][I/B][kh][kw][B (in)][B (out)], O and I padded with zeros;
 *  - filter OIHWBo for C < B (the input stays plain NCHW): [O/B][I][kh][kw][B (out)];
 *  - bias padded to ⌈O/B⌉·B.
 * Output values equal the plain Conv's up to float summation order.
 */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

/**
 * Where the blocked kernel is used: one group, input channels < B or a multiple of 4 (what
 * ReorderInput takes), and kernels that are small beside the output they slide over: up to
 * 3×3 always, up to 5×5 only when the output channels fill whole blocks. Measured on LeNet
 * (B = 8, per-node kernel time from ORT's profiler, batch 64, one thread): the 6 → 16 5×5
 * forward conv took 1.06–1.24 ms blocked against 1.73–1.93 ms plain; the 1 → 6 one
 * (6 of 8 output lanes used, a 28×28 ReorderOutput) took 1.54–1.64 against 1.33–1.35 ms,
 * and the 16 → 6 input gradient as a blocked Conv was no faster than ConvTranspose; so both
 * stay plain. The Conv that computes a 5×5 layer's weight gradient has the whole output
 * gradient as its "kernel" and never qualifies (blocked it made the step 0.8x).
 */
export function canNchwcConv(block: number, inChannels: number, outChannels: number, win: Window2d, outHW: number[]): boolean {
  const area = win.kernel[0] * win.kernel[1];
  const small = area <= 9 || (area <= 25 && outChannels % block === 0);
  return block > 0 && win.group === 1 && (inChannels < block || inChannels % 4 === 0) && small && area <= outHW[0] * outHW[1];
}

export interface NchwcConvArgs {
  x: string;
  /** Weights in plain OIHW order, [outChannels, inChannels, kh, kw]. */
  w: string;
  bias?: string;
  out: string;
  inChannels: number;
  outChannels: number;
  win: Window2d;
}

/** Emits plain NCHW in → blocked Conv → plain NCHW out, named after `node`. */
export function emitNchwcConv(ctx: EmitContext, node: IrNode, a: NchwcConvArgs): void {
  const t = (hint: string) => ctx.temp(`${node.name}/${hint}`);
  const op = (type: string, ins: string[], attrs: Record<string, number | number[]> = {}, domain = '', out = t(type)) => {
    ctx.node(type, ins, [out], attrs, node, domain);
    return out;
  };
  const B = ctx.nchwc;
  const roundUp = (c: number) => Math.ceil(c / B) * B;
  const [kh, kw] = a.win.kernel;
  const o = roundUp(a.outChannels);
  const blockedInput = a.inChannels >= B;
  const i = blockedInput ? roundUp(a.inChannels) : a.inChannels;

  let w = a.w;
  if (o !== a.outChannels || i !== a.inChannels) w = op('Pad', [w, ctx.int64([0, 0, 0, 0, o - a.outChannels, i - a.inChannels, 0, 0])]);
  w = blockedInput
    ? op('Transpose', [op('Reshape', [w, ctx.int64([o / B, B, i / B, B, kh, kw])])], { perm: [0, 2, 4, 5, 3, 1] })
    : op('Transpose', [op('Reshape', [w, ctx.int64([o / B, B, i, kh, kw])])], { perm: [0, 2, 3, 4, 1] });
  w = op('Reshape', [w, ctx.int64([o, i, kh, kw])]);

  const ins = [blockedInput ? op('ReorderInput', [a.x], {}, NCHWC_DOMAIN) : a.x, w];
  if (a.bias) ins.push(o === a.outChannels ? a.bias : op('Pad', [a.bias, ctx.int64([0, o - a.outChannels])]));
  const y = op('Conv', ins, {
    kernel_shape: [kh, kw],
    strides: [...a.win.strides],
    pads: [...a.win.pads],
    dilations: [...a.win.dilations],
    group: 1,
  }, NCHWC_DOMAIN);
  op('ReorderOutput', [y], { channels: a.outChannels }, NCHWC_DOMAIN, a.out);
}

/**
 * A stride-1 ConvTranspose (Conv's input gradient) as a forward Conv of g with the flipped,
 * transposed kernel and pads d·(k−1)−p, which the blocked kernels then run. Null when the
 * window does not allow it (strides, groups, output_padding, pads wider than the kernel).
 */
export function transposedAsConv(win: Window2d, outputPadding: number[]): Window2d | null {
  if (win.group !== 1 || win.strides.some((s) => s !== 1) || outputPadding.some((p) => p !== 0)) return null;
  const ext = [0, 1].map((d) => win.dilations[d] * (win.kernel[d] - 1));
  const pads = win.pads.map((p, k) => ext[k % 2] - p) as Window2d['pads'];
  if (pads.some((p) => p < 0)) return null;
  return { ...win, pads };
}

/** w [M, C, kh, kw] → [C, M, kh, kw] with both spatial axes reversed. */
export function emitFlippedTransposedKernel(ctx: EmitContext, node: IrNode, w: string): string {
  const wt = ctx.temp(`${node.name}/Transpose`);
  ctx.node('Transpose', [w], [wt], { perm: [1, 0, 2, 3] }, node);
  const flipped = ctx.temp(`${node.name}/Slice`);
  const big = 2 ** 62;
  ctx.node('Slice', [wt, ctx.int64([-1, -1]), ctx.int64([-big, -big]), ctx.int64([2, 3]), ctx.int64([-1, -1])], [flipped], {}, node);
  return flipped;
}
