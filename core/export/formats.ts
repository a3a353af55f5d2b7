import type { ProjectDocument } from '../graph/document';
import { exportInferenceModel } from '../onnx/export';
import { exportTrainStep } from './onnxTrain';
import { exportPyTorch, type ExportedFile } from './pytorch/index';
import type { WeightSource } from './pytorch/weights';

/** Command-line choices a format may take. */
export interface ExportFlags {
  withPreprocessing?: boolean;
}

/** One way to export a project: the files it makes for an output file name. */
export interface ExportFormat {
  name: string;
  summary: string;
  /** File name used when the output path is a folder. */
  defaultFile: string;
  /** The files to write, named relative to the output file's folder. */
  files(doc: ProjectDocument, fileName: string, weights: WeightSource & ExportFlags): ExportedFile[];
  /** Takes `--with-preprocessing` (the normalisation as graph nodes). */
  preprocessing?: boolean;
}

/** THE list of export formats (`wiregrad export --format`). */
export const exportFormats: readonly ExportFormat[] = [
  {
    name: 'onnx',
    summary: 'the inference model (forward pass, weights as initializers)',
    defaultFile: 'model.onnx',
    preprocessing: true,
    files: (doc, fileName, weights) => [{ name: fileName, data: exportInferenceModel(doc, weights) }],
  },
  {
    name: 'onnx-train',
    summary: 'the training step as one ONNX graph, its initial state beside it',
    defaultFile: 'step.onnx',
    files: (doc, fileName, weights) => exportTrainStep(doc, fileName, weights),
  },
  {
    name: 'pytorch',
    summary: 'a PyTorch training script, its weights beside it',
    defaultFile: 'model.py',
    files: (doc, fileName, weights) => exportPyTorch(doc, { ...weights, as: 'script', fileName }),
  },
  {
    name: 'notebook',
    summary: 'the same program as a Jupyter notebook',
    defaultFile: 'model.ipynb',
    files: (doc, fileName, weights) => exportPyTorch(doc, { ...weights, as: 'notebook', fileName }),
  },
];

export function findExportFormat(name: string): ExportFormat | undefined {
  return exportFormats.find((f) => f.name === name);
}
