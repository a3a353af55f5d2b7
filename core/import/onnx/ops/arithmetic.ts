import type { OnnxNode } from '../context';
import type { ConstTensor } from '../tensor';
import { foldBinary } from './foldUtil';

/** Folding of the four arithmetic ops on constants (shape arithmetic: `x.size(1) * x.size(2)`). */
export function foldArithmetic(f: (x: number, y: number) => number) {
  return (_node: OnnxNode, [a, b]: (ConstTensor | null)[]): ConstTensor[] | null => {
    if (!a || !b) return null;
    const r = foldBinary(a, b, f);
    return r ? [r] : null;
  };
}
