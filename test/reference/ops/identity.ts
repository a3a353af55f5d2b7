import { clone } from '../tensor';
import type { RefOp } from './types';

// Copies, so a caller mutating one value can never alter another.
export const Identity: RefOp = ([x]) => [clone(x)];
