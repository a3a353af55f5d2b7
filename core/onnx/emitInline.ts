import { Builder } from '../ir/builder';
import type { IrNode, Value } from '../ir/ir';
import { getOp } from '../ops/index';
import type { EmitContext } from './emitContext';

/**
 * Emits one IR node as the IR decomposition `build` writes for it, through the same op
 * emitters (so a decomposed Conv still gets its blocked kernels). For ops whose best ONNX
 * spelling depends on the target, which only the emitter knows (ctx.nchwc): the program is
 * built once and emitted for ORT's CPU kernels or for standard ops (core/runtime/session.ts).
 * Emitted nodes carry `node`'s name, so profiles and errors point at the canvas node.
 */
export function emitInline(ctx: EmitContext, node: IrNode, build: (b: Builder, inputs: Value[]) => Value[]): void {
  const b = new Builder();
  const inputs = node.inputs.map((v, i) => b.input(`in${i}`, v.shape, v.dtype));
  const outputs = build(b, inputs);
  const names = new Map<number, string>();
  inputs.forEach((v, i) => names.set(v.id, ctx.name(node.inputs[i])));
  const copies: [string, string][] = [];
  outputs.forEach((v, i) => {
    const target = ctx.name(node.outputs[i]);
    if (names.has(v.id)) copies.push([names.get(v.id)!, target]);
    else names.set(v.id, target);
  });
  const sub: EmitContext = {
    ...ctx,
    name: (v) => {
      let n = names.get(v.id);
      if (!n) names.set(v.id, (n = ctx.temp(`${node.name}/v${v.id}`)));
      return n;
    },
    // Named as the outer node (later ones get their index appended), like any multi-node emission.
    node: (opType, ins, outs, attrs, _inner, domain) => ctx.node(opType, ins, outs, attrs, node, domain),
    rawNode: (opType, ins, outs, attrs, _inner, domain) => ctx.rawNode(opType, ins, outs, attrs, node, domain),
  };
  for (const inner of b.nodes) {
    if (inner.op === 'Constant') {
      const { data, dims, dtype } = inner.attrs as { data: number[]; dims: number[]; dtype?: string };
      names.set(inner.outputs[0].id, dtype === 'int64' ? ctx.int64(data, dims) : ctx.float(data, dims));
      continue;
    }
    const def = getOp(inner.op);
    if (def.emit) def.emit(inner, sub);
    else sub.node(inner.op, inner.inputs.map(sub.name), inner.outputs.map(sub.name), inner.attrs, inner);
  }
  for (const [from, to] of copies) ctx.node('Identity', [from], [to], {}, node);
}
