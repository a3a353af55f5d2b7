import { asFloat } from '../tensor';
import type { MapContext, OnnxNode } from '../context';

const near = (v: number | undefined, want: number) => v !== undefined && Math.abs(v - want) <= 1e-6 * Math.abs(want);

/**
 * nn.GELU as torch.onnx.export writes it before opset 20: x/√2 → Erf → +1 → ·x → ·0.5 (in
 * either order of the two Muls). Starting at the Div, each step must be the only reader of
 * the one before; the whole chain becomes one GELU layer.
 */
export function mapGeluPattern(div: OnnxNode, ctx: MapContext): boolean {
  const x = ctx.tensorIn(div, 0);
  const c = ctx.constIn(div, 1);
  if (!x || !c || !ctx.hasLayer('GELU') || !near(asFloat(c)?.[0], Math.SQRT2) || c.data.length !== 1) return false;
  const constOf = (n: OnnxNode, input: string): number | undefined => {
    const k = n.inputs[0] === input ? 1 : 0;
    const t = ctx.constIn(n, k);
    return t && t.data.length === 1 ? asFloat(t)?.[0] : undefined;
  };
  const erf = ctx.soleConsumer(div.outputs[0]);
  if (erf?.op !== 'Erf') return false;
  const add = ctx.soleConsumer(erf.outputs[0]);
  if (add?.op !== 'Add' || !near(constOf(add, erf.outputs[0]), 1)) return false;
  const m1 = ctx.soleConsumer(add.outputs[0]);
  if (m1?.op !== 'Mul') return false;
  const m2 = ctx.soleConsumer(m1.outputs[0]);
  if (m2?.op !== 'Mul') return false;
  // x·(1+erf)·0.5, or (1+erf)·0.5·x.
  const timesX = (n: OnnxNode, from: string) => n.inputs.includes(from) && n.inputs.includes(div.inputs[0]);
  const half = (n: OnnxNode, from: string) => near(constOf(n, from), 0.5);
  const ok = (timesX(m1, add.outputs[0]) && half(m2, m1.outputs[0])) || (half(m1, add.outputs[0]) && timesX(m2, m1.outputs[0]));
  if (!ok) return false;
  const r = ctx.addLayer({ type: 'GELU', params: {}, inputs: { in: x }, node: div });
  if (!r) return false;
  for (const n of [erf, add, m1, m2]) ctx.absorb(n);
  ctx.bind(m2.outputs[0], r.outputs.out);
  return true;
}
