import type { Builder } from '../ir/builder';
import type { Attrs, IrNode, Value } from '../ir/ir';
import { broadcastShapes } from './shapes';
import type { OutputType, PrimitiveOp } from './types';

/**
 * Shared shape rules for the element-wise ops; each op keeps its own file with its VJP.
 * Kept here because the rule is identical, not because the ops are alike otherwise.
 */
export function unaryInfer(inputs: Value[]): OutputType[] {
  return [{ shape: [...inputs[0].shape], dtype: inputs[0].dtype }];
}

export function binaryInfer(op: string) {
  return (inputs: Value[]): OutputType[] => [
    { shape: broadcastShapes(inputs[0].shape, inputs[1].shape, op), dtype: inputs[0].dtype },
  ];
}

export function comparisonInfer(op: string) {
  return (inputs: Value[]): OutputType[] => [
    { shape: broadcastShapes(inputs[0].shape, inputs[1].shape, op), dtype: 'bool' },
  ];
}

/** A unary op whose derivative is expressed through its output y (and input x). */
export function unaryOp(
  name: string,
  derivative: (b: Builder, x: Value, y: Value, g: Value) => Value,
): PrimitiveOp {
  return {
    name,
    infer: unaryInfer,
    vjp(b: Builder, node: IrNode, [g]: (Value | null)[]) {
      return [g ? derivative(b, node.inputs[0], node.outputs[0], g) : null];
    },
  };
}

export type { Attrs };
