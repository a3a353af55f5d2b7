import { CompileError } from '../../ir/errors';
import { numel } from '../../ir/ir';
import type { PrimitiveOp } from '../types';

/** ONNX Reshape: 0 copies the input dimension, -1 is inferred. */
export function resolveReshape(input: readonly number[], target: readonly number[]): number[] {
  const out = target.map((d, i) => (d === 0 ? input[i] : d));
  const known = numel(out.filter((d) => d !== -1));
  const total = numel(input);
  const resolved = out.map((d) => (d === -1 ? total / known : d));
  if (numel(resolved) !== total || resolved.some((d) => !Number.isInteger(d))) {
    throw new CompileError('IR_RESHAPE', `Reshape: cannot view [${input}] as [${target}]`);
  }
  return resolved;
}

export const Reshape: PrimitiveOp = {
  name: 'Reshape',
  infer: ([x], attrs) => [{ shape: resolveReshape(x.shape, attrs.shape as number[]), dtype: x.dtype }],
  vjp: (b, node, [g]) => [g ? b.reshape(g, node.inputs[0].shape) : null],
  emit: (node, ctx) =>
    ctx.node('Reshape', [ctx.name(node.inputs[0]), ctx.int64(node.attrs.shape as number[])], [ctx.name(node.outputs[0])], {}, node),
};
