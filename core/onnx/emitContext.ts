import type { onnx } from 'onnx-proto';
import type { Attrs, IrNode, Value } from '../ir/ir';

/** What an op's emitter may do: name values, add constants, add ONNX nodes. */
export interface EmitContext {
  /** Emit the faster formulations meant for training graphs (see EmitOptions.fastKernels). */
  fastKernels: boolean;
  /** ORT's blocked CPU conv kernels with this block size (0: off); see EmitOptions.nchwc. */
  nchwc: number;
  /** The session runs on ORT's CPU provider; see EmitOptions.cpuProvider. */
  cpuProvider: boolean;
  name(v: Value): string;
  /** An int64 initializer (deduplicated by content); returns its name. */
  int64(values: number[], dims?: number[]): string;
  /** A float32 initializer (deduplicated by content); returns its name. */
  float(values: number[], dims: number[]): string;
  /**
   * A float32 initializer only one node reads and whose contents do not matter, for a kernel
   * that writes into an input's buffer: ORT's training-mode BatchNormalization aliases its
   * running-statistics outputs to inputs 3 and 4, so two of them reading one constant
   * overwrote each other's batch statistics. Each is filled with a number no other uses:
   * ORT's constant sharing merges equal initializers.
   */
  scratch(dims: number[]): string;
  /** A fresh intermediate name for multi-node emissions. */
  temp(hint: string): string;
  /** `domain`: '' (standard ONNX) unless an ORT contrib op (core/ops/nchwcConv.ts). */
  node(opType: string, inputs: string[], outputs: string[], attrs: Attrs, irNode: IrNode, domain?: string): void;
  /** A node with ready-made ONNX attributes (imported ops kept as they were). */
  rawNode(opType: string, inputs: string[], outputs: string[], attributes: onnx.IAttributeProto[], irNode: IrNode, domain?: string): void;
}
