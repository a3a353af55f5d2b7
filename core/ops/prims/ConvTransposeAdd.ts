import type { Attrs } from '../../ir/ir';
import { CompileError } from '../../ir/errors';
import { emitInline } from '../../onnx/emitInline';
import { splitAttrs, window2d } from '../convShapes';
import { canNchwcConv } from '../nchwcConv';
import { canNchwcPhases, emitStridedTransposeAsPhases, stridedPhases, UNIT_WINDOW } from '../nchwcPhases';
import type { PrimitiveOp } from '../types';
import { ConvTranspose } from './ConvTranspose';

/**
 * ConvTranspose(g, w) + ConvTranspose(gs, ws): a strided conv's input gradient plus its 1×1
 * shortcut's, as ResNet's downsampling blocks sum them into the block input's gradient. Inputs
 * [g, w, gs, ws]; the first window's attributes as ConvTranspose names them, the shortcut's with
 * a `shortcut_` prefix. Only the emitter creates it, for ORT's CPU kernels
 * (core/onnx/fuseShortcutGrads.ts), and only inside gradients, so it has no gradient.
 *
 * Why: a 1×1 stride-s ConvTranspose writes only the output's phase (0, 0) and zeros elsewhere,
 * ORT's kernel spends its time on those zeros and on col2im, and the Add then reads both full
 * tensors again. In the per-phase plan (core/ops/nchwcPhases.ts) the shortcut's term is one
 * blocked 1×1 Conv whose output is phase (0, 0)'s Sum input. ResNet-8 b64, ORT's profile: res2's
 * shortcut input gradient and its Add took 0.94 + 0.24 ms, res3's 0.54 + 0.1 ms; the two
 * downsampling blocks' input gradients together, three paired runs on a slow hour (86–100 ms
 * steps), 8.4–10.3 → 6.5–7.0 ms per step. WIREGRAD_FUSE_SHORTCUT=0 turns it off (measurements).
 */
export const ConvTransposeAdd: PrimitiveOp = {
  name: 'ConvTransposeAdd',
  infer: ([g, w, gs, ws], attrs) => {
    const [main, shortcut] = splitAttrs(attrs);
    const [a] = ConvTranspose.infer([g, w], main);
    const [b] = ConvTranspose.infer([gs, ws], shortcut);
    if (a.shape.join() !== b.shape.join()) {
      throw new CompileError('IR_CONV', `ConvTransposeAdd: the shortcut's output [${b.shape}] does not match [${a.shape}]`);
    }
    return [a];
  },
  nonDifferentiable: true,
  emit: (node, ctx) => {
    const [g, w, gs, ws] = node.inputs;
    const [main, shortcut] = splitAttrs(node.attrs);
    const plan = shortcutPhasePlan(ctx.nchwc, node.inputs.map((v) => v.shape), main, shortcut, node.outputs[0].shape.slice(2));
    if (!plan || process.env.WIREGRAD_NCHWC_PHASES === '0') {
      return emitInline(ctx, node, (b, [gi, wi, gsi, wsi]) => [b.add(b.op1('ConvTranspose', [gi, wi], main), b.op1('ConvTranspose', [gsi, wsi], shortcut))]);
    }
    emitStridedTransposeAsPhases(ctx, node, {
      g: ctx.name(g), w: ctx.name(w), out: ctx.name(node.outputs[0]),
      batch: g.shape[0], inChannels: g.shape[1], outChannels: w.shape[1], win: window2d(main, w.shape.slice(2)), plan,
      shortcut: { g: ctx.name(gs), w: ctx.name(ws), inChannels: gs.shape[1] },
    });
  },
};

/**
 * The main ConvTranspose's phase plan where the shortcut's term is exactly its phase (0, 0) on
 * the blocked kernels: a 1×1 window with the same strides, no pads, one group, whose
 * input covers that phase's outputs; null otherwise. shapes: [g, w, gs, ws].
 */
export function shortcutPhasePlan(block: number, shapes: number[][], main: Attrs, shortcut: Attrs, outHW: number[]) {
  const [g, w, gs, ws] = shapes;
  const win = window2d(main, w.slice(2));
  const sw = window2d(shortcut, ws.slice(2));
  if (block === 0 || sw.kernel.some((k) => k !== 1) || sw.strides.join() !== win.strides.join() || sw.pads.some((p) => p !== 0) || sw.group !== 1) return null;
  const plan = stridedPhases(win, g.slice(2), outHW);
  if (!plan || !canNchwcPhases(block, g[1], w[1], plan) || gs[2] !== plan.perPhase[0] || gs[3] !== plan.perPhase[1]) return null;
  return canNchwcConv(block, gs[1], ws[1], UNIT_WINDOW, plan.perPhase) ? plan : null;
}
