import type { OpRule } from './types';
import { foldArithmetic } from './arithmetic';

export const Sub: OpRule = { op: 'Sub', fold: foldArithmetic((x, y) => x - y) };
