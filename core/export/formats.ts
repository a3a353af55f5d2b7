import type { ProjectDocument } from '../graph/document';
import { exportInferenceModel } from '../onnx/export';
import { EXPORT_FORMATS, type ExportFormatInfo, type ExportFormatName } from './formatList';
import { exportTrainStep } from './onnxTrain';
import { exportPyTorch, type ExportedFile } from './pytorch/index';
import type { WeightSource } from './pytorch/weights';

/** Command-line choices a format may take. */
export interface ExportFlags {
  withPreprocessing?: boolean;
}

/** One way to export a project: the files it makes for an output file name. */
export interface ExportFormat extends ExportFormatInfo {
  /** The files to write, named relative to the output file's folder; the main file is the last. */
  files(doc: ProjectDocument, fileName: string, weights: WeightSource & ExportFlags): ExportedFile[];
  /** Takes `--with-preprocessing` (the normalisation as graph nodes). */
  preprocessing?: boolean;
}

/** How each format of the list makes its files; a missing one is a compile error. */
const makers: { [N in ExportFormatName]: ExportFormat['files'] } = {
  onnx: (doc, fileName, weights) => [{ name: fileName, data: exportInferenceModel(doc, weights) }],
  'onnx-train': (doc, fileName, weights) => exportTrainStep(doc, fileName, weights),
  pytorch: (doc, fileName, weights) => exportPyTorch(doc, { ...weights, as: 'script', fileName }),
  notebook: (doc, fileName, weights) => exportPyTorch(doc, { ...weights, as: 'notebook', fileName }),
};

/** THE list of export formats (`wiregrad export --format`, the app's Export dialog). */
export const exportFormats: readonly ExportFormat[] = EXPORT_FORMATS.map((f) => ({ ...f, files: makers[f.name], ...(f.name === 'onnx' ? { preprocessing: true } : {}) }));

export function findExportFormat(name: string): ExportFormat | undefined {
  return exportFormats.find((f) => f.name === name);
}
