import path from 'node:path';
import { checkDocument } from '../../check/check';
import type { ProjectDocument } from '../../graph/document';
import { CompileError } from '../../ir/errors';
import { emitModel, type LayerResolver } from './model';
import { renderNotebook } from './notebook';
import { renderScript } from './script';
import { sections } from './sections';
import { weightsFiles, type WeightSource } from './weights';

export interface PyTorchExportOptions extends WeightSource {
  /** `script`: model.py with a command line; `notebook`: the same program as .ipynb cells. */
  as: 'script' | 'notebook';
  /** File name of the script or notebook; the weights are named after it (`model.weights.json`). */
  fileName: string;
  resolveLayer?: LayerResolver;
}

/** A file to write, named relative to the folder of the script. */
export interface ExportedFile {
  name: string;
  data: Uint8Array | string;
}

/**
 * A project as a PyTorch program: the script or notebook, and its weights beside it. Pure:
 * the caller writes the files. Throws CompileError naming the node for graphs that cannot be
 * exported (errors in the graph, a layer without a PyTorch form).
 */
export function exportPyTorch(doc: ProjectDocument, opts: PyTorchExportOptions): ExportedFile[] {
  const check = checkDocument(doc);
  const error = check.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new CompileError(error.code, `Cannot export: ${error.message}`, error.nodeId);
  const model = emitModel(doc, check, opts.resolveLayer);
  const file = path.basename(opts.fileName);
  const stem = file.replace(/\.(py|ipynb)$/i, '') || 'model';
  const binName = `${stem}.weights.bin`;
  const indexName = `${stem}.weights.json`;
  const weights = weightsFiles(doc, check, model.attrs, opts, binName);
  const trained = opts.params !== undefined || opts.weights !== undefined;
  const ctx = {
    doc,
    model,
    weightsIndex: indexName,
    weightsOrigin: trained ? (opts.origin ?? 'the trained weights') : `the initial weights "wiregrad train --seed ${opts.seed ?? doc.training.seed}" starts from`,
  };
  const parts = sections(ctx);
  const main = opts.as === 'script' ? renderScript(ctx, parts, file) : renderNotebook(ctx, parts, file);
  return [
    { name: binName, data: weights.bin },
    { name: indexName, data: weights.index },
    { name: file, data: main },
  ];
}
