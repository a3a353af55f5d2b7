import { getOp } from '../ops/index';
import type { Attrs, DType, IrNode, Program, Value, NamedValue } from './ir';

/**
 * Appends primitive nodes to a program, inferring each output's shape through the op registry.
 * Node names come from the current scope so every emitted node leads back to a canvas node.
 */
export class Builder {
  readonly nodes: IrNode[] = [];
  readonly inputs: Value[] = [];
  readonly outputs: NamedValue[] = [];
  private nextId = 0;
  private scopeStack: string[] = ['graph'];
  private nameCounts = new Map<string, number>();
  /** Output of a Reshape made here → that Reshape's input (see reshape). */
  private reshaped = new Map<number, Value>();

  get scope(): string {
    return this.scopeStack[this.scopeStack.length - 1];
  }

  /** Runs fn with node names prefixed by `scope` (e.g. `n12.fwd`, `n12.grad`). */
  inScope<T>(scope: string, fn: () => T): T {
    this.scopeStack.push(scope);
    try {
      return fn();
    } finally {
      this.scopeStack.pop();
    }
  }

  newValue(shape: number[], dtype: DType, name?: string): Value {
    return { id: this.nextId++, shape: [...shape], dtype, name };
  }

  input(name: string, shape: number[], dtype: DType = 'float32'): Value {
    const v = this.newValue(shape, dtype, name);
    this.inputs.push(v);
    return v;
  }

  output(name: string, value: Value): void {
    this.outputs.push({ name, value });
  }

  op(op: string, inputs: Value[], attrs: Attrs = {}): Value[] {
    const def = getOp(op);
    const types = def.infer(inputs, attrs);
    const outputs = types.map((t) => this.newValue(t.shape, t.dtype));
    const base = `${this.scope}/${op}`;
    const k = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, k + 1);
    this.nodes.push({ op, inputs, outputs, attrs, name: `${base}_${k}` });
    return outputs;
  }

  /** Single-output op. */
  op1(op: string, inputs: Value[], attrs: Attrs = {}): Value {
    return this.op(op, inputs, attrs)[0];
  }

  constant(data: number[], dims: number[], dtype: DType = 'float32'): Value {
    return this.op1('Constant', [], { data, dims, dtype });
  }

  scalar(x: number, dtype: DType = 'float32'): Value {
    return this.constant([x], [], dtype);
  }

  // Small conveniences used by lowerings, VJP rules and optimizers.
  add(a: Value, b: Value): Value {
    return this.op1('Add', [a, b]);
  }
  sub(a: Value, b: Value): Value {
    return this.op1('Sub', [a, b]);
  }
  mul(a: Value, b: Value): Value {
    return this.op1('Mul', [a, b]);
  }
  div(a: Value, b: Value): Value {
    return this.op1('Div', [a, b]);
  }
  neg(a: Value): Value {
    return this.op1('Neg', [a]);
  }
  /**
   * A Reshape of a Reshape is one Reshape of the first one's input (a bias gradient was
   * ReduceSum → Reshape → Reshape): ONNX Runtime would fuse the pair into a NEW node, and new
   * nodes sort last in its ready queue, where hundreds of them waiting made session creation
   * of deep chains quadratic. Not across a 0 in `shape`, which copies a dimension of the input.
   */
  reshape(a: Value, shape: number[]): Value {
    const source = shape.includes(0) ? a : (this.reshaped.get(a.id) ?? a);
    const out = this.op1('Reshape', [source], { shape });
    this.reshaped.set(out.id, source);
    return out;
  }
  transpose(a: Value, perm: number[]): Value {
    return this.op1('Transpose', [a], { perm });
  }
  reduceSum(a: Value, axes: number[], keepdims = false): Value {
    return this.op1('ReduceSum', [a], { axes, keepdims: keepdims ? 1 : 0 });
  }

  program(): Program {
    return { nodes: this.nodes, inputs: this.inputs, outputs: this.outputs };
  }
}
