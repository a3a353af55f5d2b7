/**
 * What a run folder holds (`runs/<run id>/` beside the project, or under --logdir):
 *   run.json                      this record: settings, graph, summary
 *   metrics.jsonl                 one line per step and per epoch (the CLI's --metrics format)
 *   events.out.tfevents.*         the same curves for TensorBoard
 *   checkpoints/last|best.wiregrad.ckpt
 * Pure types and helpers (no Node), so the renderer can read them too.
 */
import type { ProjectDocument, TrainingConfig } from '../graph/document';
import type { EpochEvent, TrainEvent } from '../train/events';

export const RUN_FORMAT = 'wiregrad-run';
export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';
export const CHECKPOINTS_DIR = 'checkpoints';
export const CHECKPOINT_FILES = { last: 'last.wiregrad.ckpt', best: 'best.wiregrad.ckpt' } as const;

export type RunStatus = 'running' | 'completed' | 'stopped' | 'early_stopped' | 'error';

export interface RunSummary {
  steps: number;
  epochs: number;
  best?: { metric: string; value: number; epoch: number };
  test_accuracy?: number;
  test_loss?: number;
  elapsed_s?: number;
  samples_per_s?: number;
  error?: string;
}

export interface RunRecord {
  format: typeof RUN_FORMAT;
  version: 1;
  id: string;
  /** The user's name for the run (rename); defaults to the id. */
  name: string;
  /** File name of the project that made it (several projects may share a runs/ folder). */
  project?: string;
  created_at: string;
  finished_at?: string;
  status: RunStatus;
  /** graphKey() of the trained graph. */
  graph: string;
  training: TrainingConfig;
  /** The document as trained, for "what changed between two runs". */
  document: ProjectDocument;
  summary?: RunSummary;
  /** The checkpoint a resumed run started from. */
  resumed_from?: string;
  /** The CLI command line or "app". */
  origin?: string;
}

/** A run as the table lists it: its record without the document (that comes with readRun). */
export type RunListItem = Omit<RunRecord, 'document'>;

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy?: number;
  lr?: number;
}

/** An epoch line of metrics.jsonl: the trainer's epoch event as recorded. */
export type EpochPoint = Omit<EpochEvent, 'kind' | 'elapsedSec'>;

export interface RunDetails {
  record: RunRecord;
  steps: StepPoint[];
  epochs: EpochPoint[];
}

/** One metrics.jsonl line for a step or epoch event (also what `train --metrics` writes). */
export function metricsLine(e: TrainEvent): string | null {
  if (e.kind === 'step') return JSON.stringify({ kind: 'step', step: e.step, epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, lr: e.lr, elapsed_s: e.elapsedSec });
  if (e.kind === 'epoch') return JSON.stringify(e);
  return null;
}
