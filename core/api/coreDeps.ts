/** Binds the backend to the real core (parse, export, training host, datasets). */

import { DatasetCache } from '../data/cache';
import { parseDocument, serializeDocument } from '../graph/parse';
import { exportInferenceModel } from '../onnx/export';
import { startTrainingRun } from '../train/host';
import type { CoreDeps } from './deps';

const datasets = new DatasetCache();

export const coreDeps: CoreDeps = {
  parseDocument,
  serializeDocument,
  exportInferenceModel,
  startTrainingRun,
  loadData: (spec, req) => datasets.get(spec, req),
};
