import { binaryInfer } from '../elementwise';
import type { PrimitiveOp } from '../types';

/** Integer remainder (ONNX Mod, fmod=0: the sign of the divisor). Used by the in-graph PRNG. */
export const Mod: PrimitiveOp = { name: 'Mod', infer: binaryInfer('Mod'), nonDifferentiable: true };
