/**
 * Elementwise ops. Grouped in one file because each is a one-line scalar function over the
 * shared numpy-broadcasting loop in tensor.ts; splitting them would only add boilerplate.
 */
import { broadcastMap, type RefTensor } from '../tensor';
import type { RefOp } from './types';

function unary(f: (x: number) => number): RefOp {
  return ([x]) => [broadcastMap([x], f)];
}

function binary(f: (a: number, b: number) => number): RefOp {
  return ([a, b]: RefTensor[]) => [broadcastMap([a, b], f)];
}

export const Neg = unary((x) => -x);
export const Relu = unary((x) => (x > 0 ? x : 0));
// Split by sign so exp never overflows: both branches equal 1/(1+e^-x).
export const Sigmoid = unary((x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))));
export const Tanh = unary(Math.tanh);
export const Exp = unary(Math.exp);
export const Log = unary(Math.log);
export const Sqrt = unary(Math.sqrt);
export const Abs = unary(Math.abs);
export const Erf = unary(erf);
export const LeakyRelu: RefOp = ([x], attrs) => {
  const alpha = typeof attrs.alpha === 'number' ? attrs.alpha : 0.01;
  return [broadcastMap([x], (v) => (v > 0 ? v : alpha * v))];
};
export const Clip: RefOp = ([x], attrs) => {
  const [lo, hi] = [attrs.min as number, attrs.max as number];
  return [broadcastMap([x], (v) => Math.min(Math.max(v, lo), hi))];
};

/**
 * erf to float64 precision: its Maclaurin series where it converges quickly (|x| < 3), and
 * 1 − erfc(x) by erfc's continued fraction (Lentz) beyond, where erf is within 2e-5 of ±1.
 */
function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(a) = e^(−a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), evaluated bottom-up.
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

export const Add = binary((a, b) => a + b);
export const Sub = binary((a, b) => a - b);
export const Mul = binary((a, b) => a * b);
// Float division; for int64 outputs the interpreter truncates toward zero like ONNX integer Div.
export const Div = binary((a, b) => a / b);
export const Pow = binary(Math.pow);
// Integer Mod with fmod=0: the result takes the divisor's sign (Python's %), unlike JS's %.
export const Mod = binary((a, b) => a - b * Math.floor(a / b));

// Comparisons yield bool, held as 0/1.
export const Equal = binary((a, b) => (a === b ? 1 : 0));
export const Greater = binary((a, b) => (a > b ? 1 : 0));
export const Less = binary((a, b) => (a < b ? 1 : 0));

export const Where: RefOp = ([c, x, y]) => [broadcastMap([c, x, y], (cv, xv, yv) => (cv !== 0 ? xv : yv))];
