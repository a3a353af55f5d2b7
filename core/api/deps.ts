/**
 * What the backend needs from the core, as an interface: the backend (file IO, runs,
 * export) is tested against fakes without waiting for a real training run, and
 * coreDeps.ts binds the real implementations.
 */

import type { DatasetSpec, ProjectDocument } from '../graph/document';
import type { DoneEvent, TrainEvent } from '../train/events';

export interface TrainingHandle {
  stop(): void;
  finished: Promise<{ done: DoneEvent; weights: Map<string, Float32Array> }>;
}

export interface SampleSource {
  count: number;
  sampleShape: number[];
  images: Uint8Array | Float32Array;
  labels: Int32Array;
}

export interface CoreDeps {
  parseDocument(text: string, fileName?: string): ProjectDocument;
  serializeDocument(doc: ProjectDocument): string;
  /** May run off-thread (the real one does: encoding a big model takes seconds). */
  exportInferenceModel(doc: ProjectDocument, opts: { weights?: Map<string, Float32Array>; seed?: number }): Uint8Array | Promise<Uint8Array>;
  startTrainingRun(
    doc: ProjectDocument,
    opts: { onEvent: (e: TrainEvent) => void; epochs?: number; steps?: number },
  ): TrainingHandle;
  loadSamples(spec: DatasetSpec, split: 'train' | 'test'): SampleSource;
}
