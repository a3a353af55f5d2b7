import type { OpRule } from './types';
import { foldArithmetic } from './arithmetic';

export const Mul: OpRule = { op: 'Mul', fold: foldArithmetic((x, y) => x * y) };
