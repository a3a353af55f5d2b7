/** Binds the backend to the real core (parse, export on a worker thread, training host, datasets). */

import { DatasetCache } from '../data/cache';
import { parseDocument, serializeDocument } from '../graph/parse';
import { createOffThread } from './offThread';
import { startTrainingRun } from '../train/host';
import { processLauncher, type RunLauncher } from '../train/launcher';
import type { CoreDeps } from './deps';

const offThread = createOffThread();
/** Datasets shown by getSamples and the dataset view: bounded, refreshed when their files change. */
const datasets = new DatasetCache();

/** The real core with runs in child processes started by `launcher` (see core/train/launcher.ts). */
export function coreDepsWith(launcher: RunLauncher): CoreDeps {
  return { ...coreDeps, startTrainingRun: (doc, opts) => startTrainingRun(doc, { ...opts, launcher }) };
}

export const coreDeps: CoreDeps = {
  parseDocument,
  serializeDocument,
  exportInferenceModel: (doc, opts) => offThread.exportInferenceModel(doc, opts),
  runOp: (model, feeds) => offThread.runOp(model, feeds),
  // The backend's runs must be stoppable at any moment: child processes (web mode, tests).
  startTrainingRun: (doc, opts) => startTrainingRun(doc, { ...opts, launcher: processLauncher }),
  loadData: (spec, req) => datasets.get(spec, req),
};
