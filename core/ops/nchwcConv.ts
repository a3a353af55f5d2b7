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
  /** Added to the output in the blocked layout ([N, ⌈O/B⌉·B, OH, OW] as the Conv's output): the kernel's Sum input. */
  sum?: string;
  out: string;
  inChannels: number;
  outChannels: number;
  win: Window2d;
}

/** Emits plain NCHW in → blocked Conv → plain NCHW out, named after `node`. */
export function emitNchwcConv(ctx: EmitContext, node: IrNode, a: NchwcConvArgs): void {
  ctx.node('ReorderOutput', [emitBlockedConv(ctx, node, a)], [a.out], { channels: a.outChannels }, node, NCHWC_DOMAIN);
}

/** An op emitter named after `node`: (type, inputs, attrs, domain, output name) → the output's name. */
export function nodeEmitter(ctx: EmitContext, node: IrNode) {
  return (type: string, ins: string[], attrs: Record<string, number | number[]> = {}, domain = '', out = ctx.temp(`${node.name}/${type}`)) => {
    ctx.node(type, ins, [out], attrs, node, domain);
    return out;
  };
}

/**
 * Plain NCHW in → blocked Conv; returns its blocked output ([N, ⌈O/B⌉·B, OH, OW], memory
 * [N][O/B][OH][OW][B]).
 */
export function emitBlockedConv(ctx: EmitContext, node: IrNode, a: Omit<NchwcConvArgs, 'out'>): string {
  const op = nodeEmitter(ctx, node);
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
  const bias = a.bias && (o === a.outChannels ? a.bias : op('Pad', [a.bias, ctx.int64([0, o - a.outChannels])]));
  // Sum is input 3: without a bias, input 2 is the empty name (an absent optional input).
  if (bias || a.sum) ins.push(bias ?? '');
  if (a.sum) ins.push(a.sum);
  return op('Conv', ins, {
    kernel_shape: [kh, kw],
    strides: [...a.win.strides],
    pads: [...a.win.pads],
    dilations: [...a.win.dilations],
    group: 1,
  }, NCHWC_DOMAIN);
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

/**
 * Where a weight gradient runs as one blocked Conv (prims/ConvWeightGrad.ts): the batch becomes
 * the Conv's input channels and the output channels its output channels (zero-padded to what
 * ReorderInput takes, see emitNchwcWeightGrad), so any counts qualify. Measured with
 * scripts/wgrad-bench.ts (B = 16, batch 64; 2 threads / 1 thread): ResNet-8's 3×3 layers
 * 2.6–2.9x / 1.1–1.5x faster than the decomposition, the RGB stem 1.4x / 1.3x, LeNet's 6 → 16
 * 5×5 layer 1.8x / 2.1x; but 1×1 kernels (ResNet's strided shortcut) 0.7x / 0.4x: there the
 * decomposition is one strided Slice and one Gemm, and stays.
 */
export function canNchwcWeightGrad(block: number, win: Window2d): boolean {
  return block > 0 && win.group === 1 && win.kernel[0] * win.kernel[1] > 1 && process.env.WIREGRAD_NCHWC_WGRAD !== '0';
}

/**
 * dW[m, c, i, j] = Σ_{n,p,q} g[n, m, p, q] · xpad[n, c, p·s + i·d, q·s + j·d] is a Conv of
 * xᵀ [C, N, H, W] (batch C, channels N) with gᵀ [M, N, OH, OW] as its kernel, strides and
 * dilations swapped; its output [C, M, kh, kw] is dWᵀ. The kernel's blocked layout
 * [M/B][N/B][OH][OW][B (n)][B (m)] comes from the blocked g (blockedGradKernel): a 6-D
 * Transpose of the plain g moved single floats and took as long as the Conv itself (4 ms of
 * ResNet-8's 5-ms layer); from ReorderInput(g) it moves B-float runs.
 * Stride-1 windows pad x explicitly (the blocked kernel's own padding path was 2.6x slower
 * with a kernel the size of the image, and still 1.2–1.9x at ResNet-8's sizes); strided ones
 * let the Conv pad (faster there). A batch
 * or output-channel count off a multiple of 4 (what ReorderInput takes) is zero-padded first:
 * zero samples add nothing, zero channels are cropped (LeNet's 1 → 6 layer: 1.85 ms → see
 * canNchwcWeightGrad).
 */
export function emitNchwcWeightGrad(ctx: EmitContext, node: IrNode, x: string, g: string, xShape: number[], gShape: number[], win: Window2d): void {
  const op = nodeEmitter(ctx, node);
  const B = ctx.nchwc;
  const n = xShape[0];
  const [, m, oh, ow] = gShape;
  const np = Math.ceil(n / B) * B;
  const mp = Math.ceil(m / B) * B;
  const n4 = Math.ceil(n / 4) * 4;
  const strided = win.strides.some((s) => s > 1);
  const padded = !strided && win.pads.some((p) => p > 0);
  // Stride-1 windows pad x in the blocked layout, seen as [C, N/B, H, W, B], where Pad copies
  // rows of W·B floats rather than rows of W. ResNet-8 at batch 64, 2 threads, Pad + Transpose
  // + ReorderInput: 32 × 16×16 0.74 → 0.29 ms, 64 × 8×8 0.71 → 0.21 ms. Not where a plane is a
  // multiple of 4 KiB (32×32): there ReorderInput's B reads one plane apart fall in one L1 set,
  // and reordering the unpadded planes took 1.3–1.5x as long as the padded ones saved.
  const padAfter = padded && (xShape[2] * xShape[3]) % 1024 !== 0;
  const padBefore = padded && !padAfter;
  const xp = padBefore || n4 > n ? op('Pad', [x, ctx.int64(padBefore ? [0, 0, win.pads[0], win.pads[1], n4 - n, 0, win.pads[2], win.pads[3]] : [0, 0, 0, 0, n4 - n, 0, 0, 0])]) : x;
  let input = op('ReorderInput', [op('Transpose', [xp], { perm: [1, 0, 2, 3] })], {}, NCHWC_DOMAIN);
  if (padAfter) {
    const [c, h, w] = [xShape[1], xShape[2], xShape[3]];
    const [top, left, bottom, right] = win.pads;
    const rows = op('Reshape', [input, ctx.int64([c, np / B, h, w, B])]);
    input = op('Reshape', [op('Pad', [rows, ctx.int64([0, 0, top, left, 0, 0, 0, bottom, right, 0])]), ctx.int64([c, np, h + top + bottom, w + left + right])]);
  }
  const kernel = op('Reshape', [blockedGradKernel(ctx, node, g, gShape), ctx.int64([mp, np, oh, ow])]);
  const [kh, kw] = win.kernel;
  const pads = strided ? croppedEndPads(win, [xShape[2], xShape[3]], [oh, ow]) : [0, 0, 0, 0];
  const y = op('Conv', [input, kernel], {
    kernel_shape: [oh, ow],
    strides: [...win.dilations],
    dilations: [...win.strides],
    pads,
    group: 1,
  }, NCHWC_DOMAIN);
  let dwT = op('ReorderOutput', [y], { channels: m }, NCHWC_DOMAIN);
  // The rows and columns the Conv slides over: x padded explicitly (stride 1) or by the Conv.
  const around = padded ? win.pads : pads;
  const hp = xShape[2] + around[0] + around[2];
  const wp = xShape[3] + around[1] + around[3];
  const full = [Math.floor((hp - win.strides[0] * (oh - 1) - 1) / win.dilations[0]) + 1, Math.floor((wp - win.strides[1] * (ow - 1) - 1) / win.dilations[1]) + 1];
  if (full[0] !== kh || full[1] !== kw) dwT = op('Slice', [dwT, ctx.int64([0, 0]), ctx.int64([kh, kw]), ctx.int64([2, 3])]);
  op('Transpose', [dwT], { perm: [1, 0, 2, 3] }, '', ctx.name(node.outputs[0]));
}

/**
 * g [N, M, OH, OW] as the weight gradient's blocked kernel [M/B][N/B][OH][OW][B (n)][B (m)].
 * Where N and M fill whole blocks it is one Transpose of B-float runs of ReorderInput(g), which
 * is the input gradient's own reorder of g (the emitter deduplicates it), so the weight gradient
 * adds only the Transpose. ResNet-8 b64, ORT's profile, three paired runs: its weight
 * gradients 24–26 → 20–21 ms per step (res1's g: Transpose + 2 ReorderInputs 1.23 ms → one
 * Transpose 0.53 ms). Otherwise (or WIREGRAD_WGRAD_SHARED_G=0) gᵀ is padded to multiples
 * of 4 and reordered twice, first over n, then, seen as one image of M channels, over m.
 */
function blockedGradKernel(ctx: EmitContext, node: IrNode, g: string, gShape: number[]): string {
  const op = nodeEmitter(ctx, node);
  const B = ctx.nchwc;
  const [n, m, oh, ow] = gShape;
  if (n % B === 0 && m % B === 0 && process.env.WIREGRAD_WGRAD_SHARED_G !== '0') {
    const gBlocked = op('Reshape', [op('ReorderInput', [g], {}, NCHWC_DOMAIN), ctx.int64([n / B, B, m / B, oh, ow, B])]);
    return op('Transpose', [gBlocked], { perm: [2, 0, 3, 4, 1, 5] });
  }
  const np = Math.ceil(n / B) * B;
  const [n4, m4] = [Math.ceil(n / 4) * 4, Math.ceil(m / 4) * 4];
  let gT = op('Transpose', [g], { perm: [1, 0, 2, 3] });
  if (n4 > n || m4 > m) gT = op('Pad', [gT, ctx.int64([0, 0, 0, 0, m4 - m, n4 - n, 0, 0])]);
  const gBlockedN = op('ReorderInput', [gT], {}, NCHWC_DOMAIN);
  return op('ReorderInput', [op('Reshape', [gBlockedN, ctx.int64([1, m4, (np / B) * oh, ow * B])])], {}, NCHWC_DOMAIN);
}

/**
 * A strided window's pads for its weight-gradient Conv, the end pads cut by what would only
 * compute taps past the kernel. A stride-s layer whose padded input is one row longer than
 * s·(OH−1) + k (ResNet-8's 3×3 stride-2 layers, 32 + 2 rows for 16 outputs) makes that Conv
 * produce a 4×4 "kernel" of which the Slice keeps 3×3: 16 taps computed for 9 (res2's layer
 * 2.4 ms). What the end pad cannot absorb is still sliced off.
 */
export function croppedEndPads(win: Window2d, inHW: number[], outHW: number[]): number[] {
  const pads = [...win.pads];
  for (const d of [0, 1]) {
    const padded = inHW[d] + win.pads[d] + win.pads[d + 2];
    const needed = win.strides[d] * (outHW[d] - 1) + 1 + win.dilations[d] * (win.kernel[d] - 1);
    pads[d + 2] -= Math.min(pads[d + 2], Math.max(0, padded - needed));
  }
  return pads;
}
