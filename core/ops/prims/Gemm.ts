import { CompileError } from '../../ir/errors';
import type { Value } from '../../ir/ir';
import { int } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Y = alpha * op(A) op(B) + beta * C, op = transpose when transA/transB is 1. */
export const Gemm: PrimitiveOp = {
  name: 'Gemm',
  infer: ([a, b], attrs) => {
    const [m, ka] = int(attrs.transA, 0) ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
    const [kb, n] = int(attrs.transB, 0) ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (a.shape.length !== 2 || b.shape.length !== 2 || ka !== kb) {
      throw new CompileError('IR_GEMM', `Gemm: cannot multiply [${a.shape}] by [${b.shape}]`);
    }
    return [{ shape: [m, n], dtype: 'float32' }];
  },
  vjp: (bld, node, [g]) => {
    if (!g) return [null, null, null];
    const [a, b] = node.inputs;
    const tA = int(node.attrs.transA, 0);
    const tB = int(node.attrs.transB, 0);
    const alpha = typeof node.attrs.alpha === 'number' ? node.attrs.alpha : 1;
    const beta = typeof node.attrs.beta === 'number' ? node.attrs.beta : 1;
    const gemm = (x: Value, y: Value, transA: number, transB: number) =>
      bld.op1('Gemm', [x, y], alpha === 1 ? { transA, transB } : { transA, transB, alpha });
    // op(A)' = g op(B)^T and op(B)' = op(A)^T g, transposed back when A or B was transposed.
    const gA = tA ? gemm(b, g, tB, 1) : gemm(g, b, 0, tB ? 0 : 1);
    const gB = tB ? gemm(g, a, 1, tA) : gemm(a, g, tA ? 0 : 1, 0);
    const gC = node.inputs.length > 2 ? (beta === 1 ? g : bld.mul(g, bld.scalar(beta))) : null;
    return [gA, gB, gC];
  },
};
