/**
 * The primitive tensor program (IR). Op types and attribute names follow ONNX spelling;
 * where ONNX takes a compile-time list as a tensor input (Reshape's shape, Slice's starts,
 * ReduceSum's axes, ...) the IR keeps it as an attribute and the op's emitter turns it into
 * a constant input. Shapes are static: the batch size is a concrete number when compiling
 * a training step; the inference export marks the batch dimension symbolic at the graph edges.
 */

export type DType = 'float32' | 'int64' | 'bool';

export interface Value {
  id: number;
  shape: number[];
  dtype: DType;
  /** Graph inputs and named outputs carry their ONNX name; others are emitted as `v<id>`. */
  name?: string;
}

export type AttrValue = number | number[] | string | boolean;
export type Attrs = Record<string, AttrValue>;

export interface IrNode {
  op: string;
  inputs: Value[];
  outputs: Value[];
  attrs: Attrs;
  /** Deterministic name leading back to the canvas node and role, e.g. `n12.fwd/Gemm_0`. */
  name: string;
}

export interface NamedValue {
  name: string;
  value: Value;
}

export interface Program {
  nodes: IrNode[];
  inputs: Value[];
  outputs: NamedValue[];
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapeToString(shape: readonly number[]): string {
  return shape.join('×');
}

export function valueName(v: Value): string {
  return v.name ?? `v${v.id}`;
}
