import type { IrNode, Program } from '../ir/ir';
import { joinAttrs } from '../ops/convShapes';
import { shortcutPhasePlan } from '../ops/prims/ConvTransposeAdd';

/**
 * Emission pass for ORT's CPU kernels (EmitOptions.nchwc): Add(ConvTranspose(g, w),
 * ConvTranspose(gs, ws)), a ResNet downsampling block's input gradient (its strided conv's plus
 * its 1×1 shortcut's), becomes one ConvTransposeAdd node, which runs the shortcut's term inside
 * the strided one's per-phase Convs (core/ops/prims/ConvTransposeAdd.ts). Only where both
 * ConvTransposes (without bias) feed nothing but that Add and the windows fit
 * (shortcutPhasePlan); the program is left as it is otherwise. An emission pass rather than an
 * IR one because the fused node is a choice for one target: exports and CUDA keep the plain ops.
 */
export function fuseShortcutInputGrads(program: Program, block: number): Program {
  const uses = new Map<number, number>();
  const count = (id: number) => uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const n of program.nodes) for (const v of n.inputs) count(v.id);
  for (const o of program.outputs) count(o.value.id);
  const producer = new Map<number, IrNode>();
  for (const n of program.nodes) for (const o of n.outputs) producer.set(o.id, n);

  const fused = new Map<IrNode, IrNode>();
  const dropped = new Set<IrNode>();
  for (const add of program.nodes) {
    if (add.op !== 'Add' || add.inputs.length !== 2) continue;
    const [p, q] = add.inputs.map((v) => (uses.get(v.id) === 1 ? producer.get(v.id) : undefined));
    if (!p || !q || p.op !== 'ConvTranspose' || q.op !== 'ConvTranspose' || p.inputs.length !== 2 || q.inputs.length !== 2) continue;
    if (add.inputs.some((v) => v.shape.join() !== add.outputs[0].shape.join())) continue;
    for (const [main, shortcut] of [[p, q], [q, p]]) {
      const inputs = [...main.inputs, ...shortcut.inputs];
      if (!shortcutPhasePlan(block, inputs.map((v) => v.shape), main.attrs, shortcut.attrs, add.outputs[0].shape.slice(2))) continue;
      fused.set(add, { op: 'ConvTransposeAdd', inputs, outputs: add.outputs, attrs: joinAttrs(main.attrs, shortcut.attrs), name: main.name });
      dropped.add(p).add(q);
      break;
    }
  }
  if (!fused.size) return program;
  return { ...program, nodes: program.nodes.filter((n) => !dropped.has(n)).map((n) => fused.get(n) ?? n) };
}
