/**
 * What the backend needs from the core, as an interface: the backend (file IO, runs,
 * export) is tested against fakes without waiting for a real training run, and
 * coreDeps.ts binds the real implementations.
 */

import type { DataRequest } from '../data/dataset';
import type { DatasetSpec, ProjectDocument } from '../graph/document';
import type { DoneEvent, RunDataFacts, TrainEvent } from '../train/events';
import type { TrainingRunOptions } from '../train/host';
import type { OpRunner } from '../import/onnx/probe';

export interface TrainingHandle {
  stop(): void;
  finished: Promise<{ done: DoneEvent; weights: Map<string, Float32Array> }>;
}

/** One split of a dataset as getSamples reads it (core/data's Dataset satisfies it). */
export interface SampleSource {
  name: string;
  count: number;
  sampleShape: number[];
  classes: number;
  classNames?: string[];
  images: Uint8Array | Float32Array;
  /** Samples of a dataset larger than memory, read on demand. */
  stream?: { read(i: number, dst: Uint8Array, dstOffset: number): void };
  labels: Int32Array;
  targets?: Float32Array;
  targetShape?: number[];
}

export interface LoadedData {
  train: SampleSource;
  test?: SampleSource;
  warnings: { message: string; file?: string }[];
}

export interface CoreDeps {
  parseDocument(text: string, fileName?: string): ProjectDocument;
  serializeDocument(doc: ProjectDocument): string;
  /** May run off-thread (the real one does: encoding a big model takes seconds). */
  exportInferenceModel(doc: ProjectDocument, opts: { weights?: Map<string, Float32Array>; seed?: number; data?: RunDataFacts }): Uint8Array | Promise<Uint8Array>;
  startTrainingRun(
    doc: ProjectDocument,
    opts: Pick<TrainingRunOptions, 'onEvent' | 'epochs' | 'steps' | 'initialParams' | 'initialBuffers' | 'resume' | 'checkpointDir'>,
  ): TrainingHandle;
  /** Runs one-node ONNX models for the importer's shape probes (absent: opaque ops keep only ONNX's simple shape rules). */
  runOp?: OpRunner;
  /** Loads (or takes from a bounded, file-checked cache) a dataset as a model with `req` sees it. */
  loadData(spec: DatasetSpec, req: DataRequest): Promise<LoadedData>;
}
