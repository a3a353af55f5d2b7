import type { Builder } from '../ir/builder';
import type { Attrs, DType, IrNode, Value } from '../ir/ir';
import type { EmitContext } from '../onnx/emitContext';

export interface OutputType {
  shape: number[];
  dtype: DType;
}

/**
 * One primitive op: its shape rule, its gradient (VJP) rule and, where the ONNX spelling
 * differs from the IR's, its emitter. One file per op; all listed in core/ops/index.ts.
 */
export interface PrimitiveOp {
  /** ONNX op type. */
  name: string;
  /** Output shapes and dtypes from input shapes and attributes; throws CompileError on misuse. */
  infer(inputs: Value[], attrs: Attrs): OutputType[];
  /**
   * Vector-Jacobian product: one gradient (or null) per input, given one gradient (or null)
   * per output. Gradients may have a broadcast shape; the engine un-broadcasts and accumulates.
   */
  vjp?(b: Builder, node: IrNode, gradOutputs: (Value | null)[]): (Value | null)[];
  /** Outputs carry no gradient (comparisons, casts to int, index outputs): the engine stops here. */
  nonDifferentiable?: boolean;
  /** Emits ONNX node(s) for one IR node; absent means a 1:1 node with the same attributes. */
  emit?(node: IrNode, ctx: EmitContext): void;
}
