import { CompileError } from '../../ir/errors';
import type { Value } from '../../ir/ir';
import { broadcastShapes } from '../shapes';
import type { PrimitiveOp } from '../types';

/** Matrix product of rank >= 2 tensors with broadcast batch dimensions. */
export const MatMul: PrimitiveOp = {
  name: 'MatMul',
  infer: ([a, b]) => {
    const ra = a.shape.length;
    const rb = b.shape.length;
    if (ra < 2 || rb < 2 || a.shape[ra - 1] !== b.shape[rb - 2]) {
      throw new CompileError('IR_MATMUL', `MatMul: cannot multiply [${a.shape}] by [${b.shape}]`);
    }
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'MatMul');
    return [{ shape: [...batch, a.shape[ra - 2], b.shape[rb - 1]], dtype: 'float32' }];
  },
  vjp: (bld, node, [g]) => {
    if (!g) return [null, null];
    const [a, b] = node.inputs;
    const swapLast = (v: Value) => {
      const perm = v.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return bld.transpose(v, perm);
    };
    // The engine sums over broadcast batch axes.
    return [bld.op1('MatMul', [g, swapLast(b)]), bld.op1('MatMul', [swapLast(a), g])];
  },
};
