import type { Attrs } from '../../../core/ir/ir';
import type { RefTensor } from '../tensor';

/** One reference op: float64 inputs and IR attributes in, one tensor per ONNX output out. */
export type RefOp = (inputs: RefTensor[], attrs: Attrs) => RefTensor[];
