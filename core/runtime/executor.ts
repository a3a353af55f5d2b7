import type { StepBlock, Targets } from './bind';
import type { EvalResult, StepResult } from './modelRunner';
import type { TrainState } from './trainState';

/**
 * What the trainer needs from "something that trains": one device (ModelRunner) or a
 * data-parallel group of replicas. Batches arrive in blocks of k, back to back, with one
 * learning rate per step.
 */
export interface TrainExecutor {
  prepare(batch: number, k: number): Promise<void>;
  trainSteps(block: StepBlock, batch: number): Promise<StepResult[]>;
  evaluate(x: Float32Array, y: Targets, batch: number): Promise<EvalResult>;
  /** The carried state after the last step (replica 0's for a group; all replicas hold the same). */
  readonly state: TrainState;
  /** Whether trainSteps with k > 1 runs one fused ONNX Loop (else it is k separate steps). */
  readonly fusesSteps: boolean;
  /** Human-readable description of where it runs, e.g. "cpu" or "cpu ×2". */
  readonly deviceLabel: string;
  release(): Promise<void>;
}
