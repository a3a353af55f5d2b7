import type { Attrs } from '../../../core/ir/ir';
import type { RefOp } from './types';

/**
 * The pass-through of an imported op computes what the op itself computes: the reference
 * op of that type, with the typed attribute JSON turned back into plain IR attributes.
 */
export function onnxOpRef(ops: Record<string, RefOp>): RefOp {
  return (inputs, attrs) => {
    const op = ops[String(attrs.op_type)];
    if (!op) throw new Error(`the reference interpreter has no op ${attrs.op_type}`);
    const plain: Attrs = {};
    for (const [k, v] of Object.entries(JSON.parse(String(attrs.attributes ?? '{}')) as Record<string, Record<string, unknown>>)) {
      plain[k] = Object.values(v)[0] as Attrs[string];
    }
    return op(inputs, plain);
  };
}
