import type { DType } from '../../ir/ir';
import type { PrimitiveOp } from '../types';

const ONNX_TYPE: Record<DType, number> = { float32: 1, int64: 7, bool: 9 };

export const Cast: PrimitiveOp = {
  name: 'Cast',
  infer: ([x], attrs) => [{ shape: [...x.shape], dtype: attrs.to as DType }],
  nonDifferentiable: true,
  emit: (node, ctx) =>
    ctx.node('Cast', [ctx.name(node.inputs[0])], [ctx.name(node.outputs[0])], { to: ONNX_TYPE[node.attrs.to as DType] }, node),
};
