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
