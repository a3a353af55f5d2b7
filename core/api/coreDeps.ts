/** Binds the backend to the real core (parse, export on a worker thread, training host, datasets). */

import { loadIdxDataset, loadMnist } from '../data/dataset';
import { resolveDataset } from '../data/resolve';
import { ApiError } from './errors';
import { parseDocument, serializeDocument } from '../graph/parse';
import { createOffThread } from './offThread';
import { startTrainingRun } from '../train/host';
import { processLauncher, type RunLauncher } from '../train/launcher';
import type { CoreDeps } from './deps';

const offThread = createOffThread();

/** The real core with runs in child processes started by `launcher` (see core/train/launcher.ts). */
export function coreDepsWith(launcher: RunLauncher): CoreDeps {
  return { ...coreDeps, startTrainingRun: (doc, opts) => startTrainingRun(doc, { ...opts, launcher }) };
}

export const coreDeps: CoreDeps = {
  parseDocument,
  serializeDocument,
  exportInferenceModel: (doc, opts) => offThread.exportInferenceModel(doc, opts),
  // The backend's runs must be stoppable at any moment: child processes (web mode, tests).
  startTrainingRun: (doc, opts) => startTrainingRun(doc, { ...opts, launcher: processLauncher }),
  loadSamples(spec, split) {
    if (spec.kind === 'mnist') return loadMnist(split);
    if (spec.kind === 'idx') {
      const images = split === 'train' ? spec.trainImages : spec.testImages;
      const labels = split === 'train' ? spec.trainLabels : spec.testLabels;
      if (!images || !labels) throw new ApiError('NOT_FOUND', `The dataset has no ${split} files`);
      return loadIdxDataset(images, labels, `idx-${split}`);
    }
    if (spec.kind === 'cifar10') {
      const data = resolveDataset(spec, [3, 32, 32], 0);
      const ds = split === 'train' ? data.train : data.test;
      if (!ds) throw new ApiError('NOT_FOUND', `${spec.dir} has no CIFAR-10 ${split} file`);
      return ds;
    }
    throw new ApiError('BAD_ARGUMENT', `Samples of a ${spec.kind} dataset cannot be shown`);
  },
};
