/**
 * THE list of export formats, browser-safe (no Node code): the CLI's `--format`, the app's
 * export dialog and the API's argument check read it. core/export/formats.ts adds how each
 * one makes its files, keyed by these names (the compiler checks it is complete).
 */
export interface ExportFormatInfo {
  name: string;
  /** What the app's export dialog calls it. */
  label: string;
  summary: string;
  /** File name used when the output path is a folder. */
  defaultFile: string;
  /** Ending of a file named after the project (`mlp` + `.py`), e.g. for a browser download. */
  extension: string;
}

export const EXPORT_FORMATS = [
  { name: 'onnx', label: 'ONNX model', summary: 'the inference model (forward pass, weights as initializers)', defaultFile: 'model.onnx', extension: '.onnx' },
  { name: 'onnx-train', label: 'ONNX training step', summary: 'the training step as one ONNX graph, its initial state beside it', defaultFile: 'step.onnx', extension: '.train.onnx' },
  { name: 'pytorch', label: 'PyTorch script', summary: 'a PyTorch training script, its weights beside it', defaultFile: 'model.py', extension: '.py' },
  { name: 'notebook', label: 'Jupyter notebook', summary: 'the same program as a Jupyter notebook', defaultFile: 'model.ipynb', extension: '.ipynb' },
] as const satisfies readonly ExportFormatInfo[];

export type ExportFormatName = (typeof EXPORT_FORMATS)[number]['name'];

export const EXPORT_FORMAT_NAMES = EXPORT_FORMATS.map((f) => f.name) as ExportFormatName[];

export function exportFormatInfo(name: ExportFormatName): ExportFormatInfo {
  return EXPORT_FORMATS.find((f) => f.name === name)!;
}

/** The format a file name asks for by its ending (the longest that matches: `.train.onnx` before `.onnx`), or undefined. */
export function formatForPath(file: string): ExportFormatName | undefined {
  const name = file.toLowerCase();
  return [...EXPORT_FORMATS].sort((a, b) => b.extension.length - a.extension.length).find((f) => name.endsWith(f.extension))?.name;
}
