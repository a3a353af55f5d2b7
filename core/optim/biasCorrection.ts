import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';

/**
 * 1 − βᵗ for a float32 step counter t, accurate to float32 rounding. The direct form
 * 1 − Pow(β, t) cancels catastrophically for β near 1 (β₂ = 0.999 loses ~4 digits at t = 1,
 * where PyTorch computes it in float64). Instead: 1 − βᵗ = −expm1(t·ln β), with ln β
 * computed here in float64 and expm1 by its Taylor series where |x| is small.
 */
export function oneMinusPow(b: Builder, beta: number, t: Value): Value {
  const x = b.mul(t, b.scalar(Math.log(beta)));
  // expm1(x) = x(1 + x/2(1 + x/3(1 + x/4(1 + x/5(1 + x/6))))) for |x| < 0.1: error < 1e-9.
  let series = b.scalar(1);
  for (const k of [6, 5, 4, 3, 2]) series = b.add(b.scalar(1), b.mul(b.div(x, b.scalar(k)), series));
  const small = b.mul(x, series);
  const large = b.sub(b.op1('Exp', [x]), b.scalar(1));
  const isSmall = b.op1('Less', [b.op1('Abs', [x]), b.scalar(0.1)]);
  return b.neg(b.op1('Where', [isSmall, small, large]));
}
