/**
 * The backend's side of a saved project's weights and runs: what a run starts from (the
 * project's weights, a checkpoint), the saved-weights summary shown when a project opens,
 * and the runs panel's channels (exports read the weights file in core/export/projectWeights.ts). Paths are already
 * absolute here (backend.ts resolves them).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { loadProjectWeights } from '../project/projectWeights';
import { weightsPathFor } from '../project/weightsFile';
import { CHECKPOINT_FILES, CHECKPOINTS_DIR } from '../runs/record';
import { runsDirFor } from '../runs/recorder';
import { deleteRun, listRuns, readRun, renameRun, RunNotFound, runMetricsCsv } from '../runs/store';
import { readCheckpoint } from '../train/checkpoint';
import type { ApiMethods, SavedWeightsSummary, TrainingOptions } from './contract';
import { ApiError } from './errors';
import type { PreparedRun } from './training';

/** Reads what a run of this project starts from; errors are ApiErrors the UI can show. */
export async function prepareRun(doc: ProjectDocument, opts: TrainingOptions, projectPath: string | undefined): Promise<PreparedRun> {
  if (!projectPath) {
    if (opts.resume) throw new ApiError('BAD_ARGUMENT', 'Resuming a run needs the saved project (save it first)');
    return {};
  }
  if (opts.resume) {
    const file = join(runsDirFor(projectPath), opts.resume.runId, CHECKPOINTS_DIR, CHECKPOINT_FILES[opts.resume.checkpoint ?? 'last']);
    try {
      const resume = await readCheckpoint(file, doc);
      const epochs = opts.epochs ?? doc.training.epochs;
      if (resume.epoch >= epochs) throw new ApiError('RESUME_FINISHED', `Run ${opts.resume.runId} already trained ${resume.epoch} of ${epochs} epochs; raise Epochs to train it further`);
      return { projectPath, resume, resumedFrom: file };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('CHECKPOINT_INVALID', (e as Error).message);
    }
  }
  if (opts.fromSavedWeights === false || !existsSync(weightsPathFor(projectPath))) return { projectPath };
  const w = await loadProjectWeights(projectPath, doc).catch(() => null);
  return w?.ok ? { projectPath, initialParams: w.weights.params, initialBuffers: w.weights.buffers } : { projectPath };
}

/** The saved-weights line of an opened project. */
export async function savedWeightsSummary(projectPath: string, doc: ProjectDocument): Promise<SavedWeightsSummary | undefined> {
  const file = weightsPathFor(projectPath);
  if (!existsSync(file)) return undefined;
  const w = await loadProjectWeights(projectPath, doc).catch((e: Error) => ({ ok: false as const, reason: e.message }));
  if (!w.ok) return { file, fits: false, reason: w.reason };
  return { file, fits: true, ...(w.weights.info.savedAt ? { savedAt: w.weights.info.savedAt } : {}), ...(w.weights.info.runId ? { runId: w.weights.info.runId } : {}) };
}

type RunChannels = Pick<ApiMethods, 'listRuns' | 'readRun' | 'renameRun' | 'deleteRun' | 'exportRunCsv'>;

/** The runs panel's channels over runs/ beside the project. */
export function runChannels(absolute: (p: string) => string): RunChannels {
  const root = (project: string) => runsDirFor(absolute(project));
  const notFound = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e) => {
      throw e instanceof RunNotFound ? new ApiError('NOT_FOUND', e.message) : e;
    });
  return {
    listRuns: (project) => listRuns(root(project), basename(absolute(project))),
    readRun: (project, id) => notFound(readRun(root(project), id)),
    async renameRun(project, id, name) {
      const { document: _d, ...item } = await notFound(renameRun(root(project), id, name));
      return item;
    },
    deleteRun: (project, id) => notFound(deleteRun(root(project), id)),
    async exportRunCsv(project, id) {
      const text = await notFound(runMetricsCsv(root(project), id));
      return { fileName: `${id}.metrics.csv`, text };
    },
  };
}
