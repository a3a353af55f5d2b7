import type { Builder } from '../ir/builder';
import { CompileError } from '../ir/errors';
import { numel, type IrNode, type Value } from '../ir/ir';
import { getOp } from '../ops/index';
import { sameShape } from '../ops/shapes';

/**
 * Reverse-mode differentiation over the nodes already in `b`. The per-op VJP rules stay
 * simple because this engine does the shared work: it visits only nodes between `wrt` and
 * `loss`, sums gradients over fan-out, sums broadcast axes away (un-broadcasting), stops at
 * non-differentiable ops and skips null (zero) gradients.
 */
export function gradients(b: Builder, loss: Value, wrt: Value[]): Value[] {
  const forward = [...b.nodes];
  const needed = valuesNeedingGradient(forward, loss, wrt);
  const grads = new Map<number, Value>();
  grads.set(loss.id, b.op1('Constant', [], { data: new Array(numel(loss.shape)).fill(1), dims: [...loss.shape], dtype: 'float32' }));

  for (let i = forward.length - 1; i >= 0; i--) {
    const node = forward[i];
    const outGrads = node.outputs.map((o) => grads.get(o.id) ?? null);
    if (outGrads.every((g) => g === null)) continue;
    if (!node.inputs.some((v) => needed.has(v.id))) continue;
    const def = getOp(node.op);
    if (def.nonDifferentiable) continue;
    if (!def.vjp) {
      throw new CompileError('AUTOGRAD_NO_VJP', `No gradient rule for ${node.op} (needed by ${node.name})`);
    }
    const inGrads = b.inScope(gradScope(node), () => def.vjp!(b, node, outGrads));
    node.inputs.forEach((input, k) => {
      const g = inGrads[k];
      if (!g || !needed.has(input.id)) return;
      const reduced = b.inScope(gradScope(node), () => unbroadcast(b, g, input.shape));
      const prev = grads.get(input.id);
      grads.set(input.id, prev ? b.inScope(gradScope(node), () => b.add(prev, reduced)) : reduced);
    });
  }

  return wrt.map((w) => {
    const g = grads.get(w.id);
    if (g) return g;
    // A parameter that does not influence the loss gets an explicit zero gradient.
    return b.op1('Expand', [b.scalar(0)], { shape: [...w.shape] });
  });
}

/** Values on a path from some `wrt` to `loss`: only these need gradients. */
function valuesNeedingGradient(nodes: IrNode[], loss: Value, wrt: Value[]): Set<number> {
  const fromWrt = new Set(wrt.map((w) => w.id));
  for (const n of nodes) {
    if (getOp(n.op).nonDifferentiable) continue;
    if (n.inputs.some((v) => fromWrt.has(v.id))) n.outputs.forEach((o) => fromWrt.add(o.id));
  }
  const toLoss = new Set([loss.id]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.outputs.some((o) => toLoss.has(o.id))) n.inputs.forEach((v) => toLoss.add(v.id));
  }
  return new Set([...fromWrt].filter((id) => toLoss.has(id)));
}

/** Sums a broadcast gradient back to the shape of the input it flows to. */
function unbroadcast(b: Builder, g: Value, shape: number[]): Value {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  const summed = axes.length ? b.reduceSum(g, axes, true) : g;
  return sameShape(summed.shape, shape) ? summed : b.reshape(summed, shape);
}

/**
 * `n12.fwd/Gemm_0` → `n12.grad`, so gradient nodes point back to the canvas node too (the
 * parameter reshapes `n12.param` likewise); the flat vector's Split `params.split` gets the
 * flat gradient's scope `params.grad`.
 */
function gradScope(node: IrNode): string {
  const scope = node.name.slice(0, node.name.lastIndexOf('/'));
  return scope.replace(/\.(fwd|param|buffer|split)$/, '') + '.grad';
}
