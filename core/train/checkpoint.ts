/**
 * Checkpoints: everything a run needs to continue exactly where it was after an epoch, in
 * one file (safetensors layout, core/project/weightsFile.ts): parameters and buffers by
 * state_dict name, the optimizer's state vectors (`optimizer.<key>`), and in the metadata the
 * step and epoch, the RNG state, the schedule's state, early stopping's and the best metric's.
 *
 * RNG state: shuffling and augmentation draw from (seed, epoch) and Dropout from (seed,
 * step) (core/data/loader.ts, core/runtime/trainState.ts), so the seed with the epoch and
 * step IS the whole random state; a resumed run takes the checkpoint's seed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDocument } from '../check/check';
import { CHECKPOINT_FILES } from '../runs/record';
import { bufferLayout, paramLayout, type TensorLayout } from '../compile/paramLayout';
import type { ProjectDocument } from '../graph/document';
import { graphKey } from '../project/graphKey';
import { readWeightsFile, writeWeightsFile, type WeightTensor } from '../project/weightsFile';
import type { TrainState } from '../runtime/trainState';
import type { BestState } from './earlyStopping';
import type { ScheduleState } from './runSchedule';

export interface Checkpoint {
  state: TrainState;
  /** Epochs completed. */
  epoch: number;
  rng: { seed: number };
  schedule: ScheduleState | null;
  earlyStopping: BestState | null;
  best: BestState | null;
  /** graphKey() of the document the run trained. */
  graph: string;
  /** The epoch's metrics (what the runs panel shows for a checkpoint). */
  metrics?: Record<string, number | undefined>;
}

export const CHECKPOINT_FORMAT = 'wiregrad-checkpoint';
const OPT_PREFIX = 'optimizer.';

/** JSON that keeps ±Infinity (ReduceLROnPlateau's initial best). */
const encode = (v: unknown) => JSON.stringify(v, (_k, x) => (x === Infinity ? '+Inf' : x === -Infinity ? '-Inf' : x));
const decode = (s: string) => JSON.parse(s, (_k, x) => (x === '+Inf' ? Infinity : x === '-Inf' ? -Infinity : x));

function layouts(doc: ProjectDocument): [TensorLayout, TensorLayout] {
  const check = checkDocument(doc);
  return [paramLayout(doc, check), bufferLayout(doc, check)];
}

export async function writeCheckpoint(file: string, doc: ProjectDocument, c: Checkpoint): Promise<void> {
  const [params, buffers] = layouts(doc);
  const tensors = new Map<string, WeightTensor>();
  for (const [layout, flat] of [[params, c.state.params], [buffers, c.state.buffers]] as const) {
    for (const s of layout.slots) tensors.set(s.name, { shape: s.shape, data: flat.subarray(s.offset, s.offset + s.size) });
  }
  for (const [k, v] of Object.entries(c.state.opt)) tensors.set(OPT_PREFIX + k, { shape: [v.length], data: v });
  const metadata = {
    format: CHECKPOINT_FORMAT,
    graph: c.graph,
    step: String(c.state.step),
    epoch: String(c.epoch),
    rng: encode(c.rng),
    schedule: encode(c.schedule),
    early_stopping: encode(c.earlyStopping),
    best: encode(c.best),
    metrics: encode(c.metrics ?? {}),
  };
  await writeWeightsFile(file, { tensors, metadata });
}

/** The trainer's onEpochEnd that keeps `last` (every epoch) and `best` (its best epoch) in a folder. */
export function checkpointWriter(doc: ProjectDocument, dir: string): (e: { checkpoint: Checkpoint; isBest: boolean }) => Promise<void> {
  return async ({ checkpoint, isBest }) => {
    await mkdir(dir, { recursive: true });
    await writeCheckpoint(join(dir, CHECKPOINT_FILES.last), doc, checkpoint);
    if (isBest) await writeCheckpoint(join(dir, CHECKPOINT_FILES.best), doc, checkpoint);
  };
}

export class CheckpointError extends Error {
  readonly code = 'CHECKPOINT_INVALID';
}

/** Reads a checkpoint for this document; refuses one of another graph, naming the file. */
export async function readCheckpoint(file: string, doc: ProjectDocument): Promise<Checkpoint> {
  const contents = await readWeightsFile(file);
  if (!contents) throw new CheckpointError(`${file}: no such checkpoint`);
  const m = contents.metadata;
  if (m.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${file} is not a Wiregrad checkpoint (a weights file has no optimizer state; train from it instead of resuming)`);
  if (m.graph !== graphKey(doc)) throw new CheckpointError(`${file} was saved from a different graph; resume it with the project it came from`);
  const [params, buffers] = layouts(doc);
  const flat = (layout: TensorLayout): Float32Array => {
    const out = new Float32Array(layout.total);
    for (const s of layout.slots) {
      const t = contents.tensors.get(s.name);
      if (!t || t.data.length !== s.size) throw new CheckpointError(`${file}: ${s.name} is missing or has the wrong size`);
      out.set(t.data, s.offset);
    }
    return out;
  };
  const opt: Record<string, Float32Array> = {};
  for (const [name, t] of contents.tensors) if (name.startsWith(OPT_PREFIX)) opt[name.slice(OPT_PREFIX.length)] = t.data;
  return {
    state: { params: flat(params), buffers: flat(buffers), opt, step: Number(m.step) },
    epoch: Number(m.epoch),
    rng: decode(m.rng),
    schedule: decode(m.schedule),
    earlyStopping: decode(m.early_stopping),
    best: decode(m.best),
    graph: m.graph,
    metrics: decode(m.metrics ?? '{}'),
  };
}
