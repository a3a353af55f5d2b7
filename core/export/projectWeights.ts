/**
 * Which weights an export holds when no run of this session names its own: the project's
 * weights file (`<project>.wiregrad.weights`, written by training or import) when it is
 * there and fits the graph (core/project/projectWeights.ts decides), else the initial weights
 * `wiregrad train --seed N` starts from. The CLI's `wiregrad export` and the backend's export
 * both ask here, so the two agree.
 */
import path from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { loadProjectWeights } from '../project/projectWeights';
import { weightsPathFor } from '../project/weightsFile';
import type { RunDataFacts } from '../train/events';

export type ExportWeights =
  /** The file's tensors by state_dict name, and the data facts (class names, normalisation) of the run that wrote it. */
  | { kind: 'file'; file: string; weights: Map<string, Float32Array>; data?: RunDataFacts }
  /** No usable file: `reason` says why in plain words (none yet, or one of another graph). */
  | { kind: 'initial'; reason: string };

/** The project's weights for an export; a corrupt weights file is a reason (naming it) to export initial weights, not a failure. */
export async function projectWeights(doc: ProjectDocument, projectPath: string | undefined): Promise<ExportWeights> {
  if (!projectPath) return { kind: 'initial', reason: 'the project is not saved, so it has no weights file' };
  const loaded = await loadProjectWeights(path.resolve(projectPath), doc).catch((e: Error) => ({ ok: false as const, reason: e.message }));
  if (!loaded.ok) return { kind: 'initial', reason: loaded.reason.replace(weightsPathFor(path.resolve(projectPath)), path.basename(weightsPathFor(projectPath))) };
  return { kind: 'file', file: loaded.weights.file, weights: loaded.weights.weights, ...(loaded.weights.info.data ? { data: loaded.weights.info.data } : {}) };
}
