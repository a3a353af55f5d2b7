/** Binds the backend to the real core (parse, export, training host, datasets). */

import { loadIdxDataset, loadMnist } from '../data/dataset';
import { ApiError } from './errors';
import { parseDocument, serializeDocument } from '../graph/parse';
import { exportInferenceModel } from '../onnx/export';
import { startTrainingRun } from '../train/host';
import type { CoreDeps } from './deps';

export const coreDeps: CoreDeps = {
  parseDocument,
  serializeDocument,
  exportInferenceModel,
  startTrainingRun,
  loadSamples(spec, split) {
    if (spec.kind === 'mnist') return loadMnist(split);
    if (spec.kind === 'idx') {
      const images = split === 'train' ? spec.trainImages : spec.testImages;
      const labels = split === 'train' ? spec.trainLabels : spec.testLabels;
      if (!images || !labels) throw new ApiError('NOT_FOUND', `The dataset has no ${split} files`);
      return loadIdxDataset(images, labels, `idx-${split}`);
    }
    throw new ApiError('BAD_ARGUMENT', `Samples of a ${spec.kind} dataset cannot be shown`);
  },
};
