import type { Builder } from '../../ir/builder';
import type { IrNode } from '../../ir/ir';

/**
 * IR pass: Relu → MaxPool becomes MaxPool → Relu. The values are identical (max and ReLU
 * commute) and so are the gradients, but the ReLU and its backward mask then touch a
 * tensor k² times smaller (measured: the ConvNet step's Where/Greater time drops
 * accordingly). Working on the IR rather than the canvas means it applies wherever the
 * pattern appears, including inside composite blocks.
 *
 * Only a Relu whose output feeds nothing but that one MaxPool is moved. When every value
 * of a window is ≤ 0 the pooled Indices can differ from the unswapped graph's, but the
 * gradient through the ReLU is 0 there either way.
 *
 * Rewrites `b.nodes` from index `from` on (the forward pass, before differentiation).
 */
export function swapReluMaxPool(b: Builder, from = 0): void {
  const nodes = b.nodes;
  const uses = new Map<number, number>();
  for (let i = from; i < nodes.length; i++) for (const v of nodes[i].inputs) uses.set(v.id, (uses.get(v.id) ?? 0) + 1);
  const producer = new Map<number, number>();
  for (let i = from; i < nodes.length; i++) for (const o of nodes[i].outputs) producer.set(o.id, i);
  const replaced = new Map<number, IrNode[]>(); // pool index → [pool', relu']
  const dropped = new Set<number>();
  for (let i = from; i < nodes.length; i++) {
    const pool = nodes[i];
    if (pool.op !== 'MaxPool') continue;
    const r = producer.get(pool.inputs[0].id);
    if (r === undefined || nodes[r].op !== 'Relu' || uses.get(pool.inputs[0].id) !== 1) continue;
    const relu = nodes[r];
    const [y, indices] = pool.outputs;
    const pooled = b.newValue(y.shape, y.dtype);
    replaced.set(i, [
      { ...pool, inputs: [relu.inputs[0]], outputs: [pooled, indices] },
      { ...relu, inputs: [pooled], outputs: [y] },
    ]);
    dropped.add(r);
  }
  if (!replaced.size) return;
  const out = nodes.slice(0, from);
  for (let i = from; i < nodes.length; i++) {
    if (dropped.has(i)) continue;
    out.push(...(replaced.get(i) ?? [nodes[i]]));
  }
  nodes.splice(0, nodes.length, ...out);
}
