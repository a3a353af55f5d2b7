/**
 * The backend's export in any format of core/export/formatList: which weights (a run of this
 * session, else the project's weights file, else the initial weights), the files the format
 * makes, and where they go (beside the chosen path, or back as bytes for a browser download).
 */
import { basename, dirname, join } from 'node:path';
import { findExportFormat } from '../export/formats';
import { projectWeights } from '../export/projectWeights';
import type { ProjectDocument } from '../graph/document';
import { fileStem } from '../graph/title';
import type { RunDataFacts } from '../train/events';
import type { ExportedFileInfo, ExportRequest, ExportResult } from './contract';
import { ApiError } from './errors';
import { atomicWrite } from './fsutil';

export interface ExportInputs {
  /** Weights of the named run when its graph still fits, with why not otherwise. */
  run: { weights?: Map<string, Float32Array>; runId?: string; untrainedReason?: string; data?: RunDataFacts };
  /** The ONNX inference model, built off the caller's thread. */
  inference(doc: ProjectDocument, opts: { weights?: Map<string, Float32Array>; seed?: number; data?: RunDataFacts }): Uint8Array | Promise<Uint8Array>;
}

export async function exportFiles(doc: ProjectDocument, req: ExportRequest, file: string | undefined, projectPath: string | undefined, inputs: ExportInputs): Promise<ExportResult> {
  const format = findExportFormat(req.format ?? 'onnx');
  if (!format) throw new ApiError('BAD_ARGUMENT', `unknown export format "${req.format}"`);
  let { weights, untrainedReason, data } = inputs.run;
  let weightsFile: string | undefined;
  if (!weights) {
    const found = await projectWeights(doc, projectPath);
    if (found.kind === 'file') {
      weights = found.weights;
      weightsFile = found.file;
      data = found.data;
    } else {
      untrainedReason = `${untrainedReason}, and ${found.reason}`;
    }
  }
  const seed = doc.training.seed;
  const fileName = file ? basename(file) : `${fileStem(doc.name)}${format.extension}`;
  const made =
    format.name === 'onnx'
      ? [{ name: fileName, data: await inputs.inference(doc, { weights, seed, data }) }]
      : format.files(doc, fileName, { weights, seed, ...(weightsFile ? { origin: `the project's weights (${basename(weightsFile)})` } : {}) });
  const files: ExportedFileInfo[] = [];
  for (const f of made) {
    const bytes = typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data;
    if (file) {
      const at = join(dirname(file), f.name);
      await atomicWrite(at, bytes);
      files.push({ name: f.name, size: bytes.length, path: at });
    } else {
      files.push({ name: f.name, size: bytes.length, bytes });
    }
  }
  const main = files[files.length - 1];
  const which = weights ? { trained: true, ...(weightsFile ? { weightsFile } : { runId: inputs.run.runId }) } : { trained: false, untrainedReason };
  // ONNX: one file, as `path` or `bytes`. Other formats list all their files; each one's bytes travel once.
  if (format.name === 'onnx') return { fileName: main.name, size: main.size, ...(file ? { path: main.path } : { bytes: main.bytes }), ...which };
  return { fileName: main.name, size: main.size, ...(file ? { path: main.path } : {}), files, ...which };
}
