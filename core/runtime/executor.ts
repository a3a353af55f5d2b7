import type { EvalResult, StepResult } from './modelRunner';

/**
 * What the trainer needs from "something that trains": one device (ModelRunner) or a
 * data-parallel group of replicas. Batches arrive in blocks of k, back to back.
 */
export interface TrainExecutor {
  prepare(batch: number, k: number): Promise<void>;
  trainSteps(xs: Float32Array, ys: BigInt64Array, batch: number, k: number): Promise<StepResult[]>;
  evaluate(x: Float32Array, y: BigInt64Array, batch: number): Promise<EvalResult>;
  /** Current parameters (flat vector). */
  readonly params: Float32Array;
  /** Whether trainSteps with k > 1 runs one fused ONNX Loop (else it is k separate steps). */
  readonly fusesSteps: boolean;
  /** Human-readable description of where it runs, e.g. "cpu" or "cpu ×2". */
  readonly deviceLabel: string;
  release(): Promise<void>;
}
