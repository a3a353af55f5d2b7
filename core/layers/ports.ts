import type { ParamValue } from '../graph/document';
import { normalizeParams, validateParam } from './params';
import type { LayerDef, PortSpec } from './types';

/**
 * A node's input ports for its params: `def.inputs`, or what `inputsFor` makes of the params
 * (Add's `num_inputs`). The document parser, checker, lowering, exports and the canvas all
 * read ports here. Invalid params fall back to the defaults, so a half-typed value never
 * makes ports disappear.
 */
export function inputPorts(def: LayerDef, params: Record<string, ParamValue> = {}): PortSpec[] {
  if (!def.inputsFor) return def.inputs;
  const valid = Object.fromEntries(Object.entries(params).filter(([k, v]) => {
    const spec = def.params.find((s) => s.name === k);
    return spec && validateParam(spec, v) === null;
  }));
  return def.inputsFor(normalizeParams(def.params, valid));
}

/** `in0 .. in{n-1}`: the ports of a layer that takes any number of tensors (Add, Concat). */
export function numberedPorts(n: number): PortSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `in${i}`, kind: 'tensor' as const, required: true }));
}

/** The index of a numbered port (`in3` → 3), or -1. */
export function portIndex(port: string): number {
  const m = /^in(\d+)$/.exec(port);
  return m ? Number(m[1]) : -1;
}
