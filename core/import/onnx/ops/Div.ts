import type { OpRule } from './types';
import { foldArithmetic } from './arithmetic';
import { mapGeluPattern } from './geluPattern';

/** Div: folds on constants (integer division truncates as ONNX's does); starts the GELU chain. */
export const Div: OpRule = { op: 'Div', fold: foldArithmetic((x, y) => (y === 0 ? NaN : x / y)), map: mapGeluPattern };
