import type { OpRule } from './types';
import { foldArithmetic } from './arithmetic';

/** Integer division truncates as ONNX's Div on integers does. */
export const Div: OpRule = { op: 'Div', fold: foldArithmetic((x, y) => (y === 0 ? NaN : x / y)) };
