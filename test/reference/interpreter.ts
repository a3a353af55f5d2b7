/**
 * Float64 reference interpreter for the IR (tests only): runs a Program node by node with the
 * plain-loop ops in ./ops, so VJP rules can be checked by finite differences and emitted ONNX
 * graphs can be compared against an independent implementation.
 */
import type { DType, Program, Value } from '../../core/ir/ir';
import { valueName } from '../../core/ir/ir';
import { refOps } from './ops/index';
import type { RefTensor } from './tensor';

const shapeStr = (s: readonly number[]) => `[${s.join(',')}]`;

/**
 * Rounds a result to its declared dtype the way ONNX typed kernels would: int64 truncates
 * toward zero (so Div on int64 is integer division), bool becomes 0/1. float32 keeps float64
 * precision on purpose, since finite differences need it.
 */
function coerce(t: RefTensor, dtype: DType): RefTensor {
  if (dtype === 'int64') return { shape: t.shape, data: t.data.map(Math.trunc) };
  if (dtype === 'bool') return { shape: t.shape, data: t.data.map((v) => (v !== 0 ? 1 : 0)) };
  return t;
}

/** Checks a computed tensor against the IR's static shape, so shape-rule bugs surface here. */
function checkShape(t: RefTensor, v: Value, where: string): void {
  if (shapeStr(t.shape) !== shapeStr(v.shape)) {
    throw new Error(`${where}: ${valueName(v)} has shape ${shapeStr(t.shape)}, IR declares ${shapeStr(v.shape)}`);
  }
}

/** Every value of the program (inputs, intermediates, outputs) by value id. Feeds are keyed by input name. */
export function evalValues(program: Program, feeds: Record<string, RefTensor>): Map<number, RefTensor> {
  const env = new Map<number, RefTensor>();
  for (const v of program.inputs) {
    const name = valueName(v);
    const t = feeds[name];
    if (!t) throw new Error(`missing feed for graph input ${name}`);
    checkShape(t, v, `feed ${name}`);
    env.set(v.id, coerce({ shape: [...t.shape], data: Float64Array.from(t.data) }, v.dtype));
  }
  for (const node of program.nodes) {
    const op = refOps[node.op];
    if (!op) throw new Error(`reference interpreter: unknown op ${node.op} (node ${node.name})`);
    const args = node.inputs.map((v) => {
      const t = env.get(v.id);
      if (!t) throw new Error(`node ${node.name} (${node.op}): input ${valueName(v)} is not computed yet`);
      return t;
    });
    let results: RefTensor[];
    try {
      results = op(args, node.attrs);
    } catch (e) {
      throw new Error(`node ${node.name} (${node.op}): ${(e as Error).message}`);
    }
    if (results.length < node.outputs.length) {
      throw new Error(`node ${node.name} (${node.op}): ${results.length} results for ${node.outputs.length} outputs`);
    }
    node.outputs.forEach((v, i) => {
      checkShape(results[i], v, `node ${node.name} (${node.op})`);
      env.set(v.id, coerce(results[i], v.dtype));
    });
  }
  return env;
}

/** Runs the program and returns its named outputs. */
export function runProgram(program: Program, feeds: Record<string, RefTensor>): Record<string, RefTensor> {
  const env = evalValues(program, feeds);
  const out: Record<string, RefTensor> = {};
  for (const { name, value } of program.outputs) {
    const t = env.get(value.id);
    if (!t) throw new Error(`output ${name} (${valueName(value)}) was never computed`);
    out[name] = t;
  }
  return out;
}
