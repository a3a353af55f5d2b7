import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';

/**
 * torch.nn.utils.clip_grad_norm_ over the flat gradient vector, as graph nodes: the gradient
 * times min(1, max_norm / (‖g‖₂ + 1e-6)). PyTorch multiplies by the clamped coefficient
 * whether or not it clips, and so do we (×1 changes nothing). Applied before the optimizer
 * (so weight decay is added after clipping, as in a PyTorch loop that clips, then steps), and
 * in the update program on the averaged gradient of data-parallel replicas.
 */
export function clipGradNorm(b: Builder, grad: Value, maxNorm: number): Value {
  const norm = b.op1('Sqrt', [b.reduceSum(b.mul(grad, grad), [0])]);
  const coef = b.div(b.scalar(maxNorm), b.add(norm, b.scalar(1e-6)));
  const clamped = b.op1('Where', [b.op1('Less', [coef, b.scalar(1)]), coef, b.scalar(1)]);
  return b.mul(grad, clamped);
}
