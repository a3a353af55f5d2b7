import type { PrimitiveOp } from '../types';

/**
 * `start, start + delta, ...` below `limit` (ONNX Range). The IR keeps the three scalars as
 * attributes; the emitter turns them into constant inputs.
 */
export const Range: PrimitiveOp = {
  name: 'Range',
  infer: (_inputs, attrs) => {
    const start = attrs.start as number;
    const limit = attrs.limit as number;
    const delta = (attrs.delta as number) ?? 1;
    return [{ shape: [Math.max(0, Math.ceil((limit - start) / delta))], dtype: 'int64' }];
  },
  nonDifferentiable: true,
  emit: (node, ctx) => {
    const [start, limit, delta] = [node.attrs.start, node.attrs.limit, node.attrs.delta ?? 1].map((v) => ctx.int64([v as number], []));
    ctx.node('Range', [start, limit, delta], [ctx.name(node.outputs[0])], {}, node);
  },
};
