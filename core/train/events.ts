/** Progress events emitted by the trainer; the CLI and the app consume the same stream. */
import type { PhaseName } from './phases';

export interface StartEvent {
  kind: 'start';
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
  batchSize: number;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  device: string;
  parameters: number;
  /** The normalisation the run uses (explicit, the dataset's default, or computed from the training split). */
  normalize?: { mean: number[]; std: number[] } | null;
  /** Class names by index, where the dataset has them. */
  classNames?: string[];
  /** Problems with the data that did not stop the run (unreadable files, empty classes, imbalance). */
  dataWarnings?: { message: string; file?: string }[];
  /** A resumed run: the first epoch it trains (the earlier ones are in the checkpoint). */
  firstEpoch?: number;
}

export interface StepEvent {
  kind: 'step';
  step: number; // 1-based global step
  epoch: number; // 1-based
  /** Loss of this step's batch before its update. */
  loss: number;
  /** Fraction of the batch classified correctly (classification losses only). */
  accuracy?: number;
  /** Learning rate this step's update used (the schedule's, core/train/runSchedule.ts); the trainer always sets it. */
  lr?: number;
  samplesPerSec: number;
  elapsedSec: number;
  etaSec: number;
}

export interface EpochEvent {
  kind: 'epoch';
  epoch: number;
  step: number;
  train_loss: number;
  train_accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
  test_loss?: number;
  test_accuracy?: number;
  /** Learning rate of the epoch's last step. */
  lr?: number;
  samples_per_s: number;
  elapsedSec: number;
  /** Seconds the training steps of this epoch waited for batches from the data worker. */
  data_wait_s?: number;
}

export interface EvaluationResult {
  loss: number;
  accuracy?: number;
  /** confusion[true][predicted] counts, classification only. */
  confusion?: number[][];
  /** Per-sample predictions on the evaluated split (classification only). */
  predictions?: Int32Array | number[];
  labels?: Int32Array | number[];
  /** Class names by index, where the dataset has them. */
  classNames?: string[];
}

/** What a run learned about its data that the model's users need: class names, the normalisation used. */
export interface RunDataFacts {
  classNames?: string[];
  /** Per-channel mean/std the run normalised with (computed ones included); null = none. */
  normalize?: { mean: number[]; std: number[] } | null;
}

export interface DoneEvent {
  kind: 'done';
  /** early_stopped: training.early_stopping ended the run (it counts as completed). */
  reason: 'completed' | 'stopped' | 'early_stopped';
  /** The best epoch by training.best_metric (validation falls back to training metrics). */
  best?: { metric: string; value: number; epoch: number };
  steps: number;
  epochs: number;
  test_loss?: number;
  test_accuracy?: number;
  samples_per_s: number;
  elapsedSec: number;
  test?: EvaluationResult;
  /** For export metadata and the weights file. */
  data?: RunDataFacts;
  /** Seconds spent per phase of the run (./phases.ts), for benchmarks and slow-run reports. */
  phases?: Partial<Record<PhaseName, number>>;
}

export interface ErrorEvent {
  kind: 'error';
  code: string;
  message: string;
  nodeId?: string;
}

export type TrainEvent = StartEvent | StepEvent | EpochEvent | DoneEvent | ErrorEvent;
