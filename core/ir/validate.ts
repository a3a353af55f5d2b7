import { getOp } from '../ops/index';
import { CompileError } from './errors';
import type { Program, Value } from './ir';
import { valueName } from './ir';

/**
 * The IR validator (DESIGN.md item 7): checks what every compiler pass must preserve.
 * Each node reads only values defined before it (graph inputs or earlier outputs), every
 * value is defined once, every output shape and dtype is what the op's own shape rule says
 * for its inputs, and every program output is defined. Tests run it after each pass.
 */
export function validateProgram(p: Program): void {
  const defined = new Set<number>();
  const fail = (msg: string, node?: string): never => {
    throw new CompileError('IR_INVALID', `${node ? `${node}: ` : ''}${msg}`);
  };
  const define = (v: Value, where: string) => {
    if (defined.has(v.id)) fail(`value ${valueName(v)} is defined twice`, where);
    defined.add(v.id);
  };
  for (const v of p.inputs) define(v, 'graph input');
  for (const node of p.nodes) {
    for (const v of node.inputs) if (!defined.has(v.id)) fail(`reads ${valueName(v)} before it is defined`, node.name);
    const types = getOp(node.op).infer(node.inputs, node.attrs);
    if (types.length !== node.outputs.length) fail(`has ${node.outputs.length} outputs, its shape rule gives ${types.length}`, node.name);
    node.outputs.forEach((o, i) => {
      const t = types[i];
      if (t.dtype !== o.dtype || t.shape.join() !== o.shape.join()) {
        fail(`output ${i} is ${o.dtype}[${o.shape}] but its shape rule gives ${t.dtype}[${t.shape}]`, node.name);
      }
      define(o, node.name);
    });
  }
  for (const o of p.outputs) if (!defined.has(o.value.id)) fail(`program output "${o.name}" is never defined`);
}
