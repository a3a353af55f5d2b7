import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { importOnnx } from '../import/onnx/importer';
import { DEFAULT_LIMITS } from '../import/onnx/limits';
import { graphKey } from '../project/graphKey';
import { saveProjectWeights } from '../project/projectWeights';
import type { OpRunner } from '../import/onnx/probe';
import { isImportId, type ImportedOnnx, type ImportOnnxRequest } from './contract';
import { ApiError } from './errors';

/** Imports kept in memory (their weights), newest last; like finished runs, only the last few. */
const MAX_IMPORTS = 4;

interface HeldImport {
  graph: string;
  /** The model's file name, recorded in the weights file's metadata as `wiregrad import` does. */
  model: string;
  weights: Map<string, Float32Array>;
}

/**
 * "Open ONNX…" on the backend: the file (a chosen path, or web mode's upload) imported into
 * a new project, its weights held under an `import-…` id that export and training accept
 * like a finished run's while the graph is unchanged.
 */
export class OnnxImports {
  private held = new Map<string, HeldImport>();
  private count = 0;

  /** `runOp`: the shape probe for opaque ops (CoreDeps.runOp: ONNX Runtime on the export worker). */
  constructor(private readonly runOp?: OpRunner) {}

  async import(req: ImportOnnxRequest, absolute: (p: string) => string): Promise<ImportedOnnx> {
    let bytes: Uint8Array;
    let name: string;
    if (req.path) {
      const file = absolute(req.path);
      const st = await fs.stat(file).catch(() => null);
      if (!st?.isFile()) throw new ApiError('NOT_FOUND', `${file}: no such file`);
      if (st.size > DEFAULT_LIMITS.maxFileBytes) throw new ApiError('IMPORT_TOO_LARGE', `${file} is ${st.size} bytes, more than the ${DEFAULT_LIMITS.maxFileBytes} an import accepts`);
      bytes = await fs.readFile(file);
      name = basename(file);
    } else if (req.base64) {
      bytes = Buffer.from(req.base64, 'base64');
      name = req.fileName ?? 'model.onnx';
    } else throw new ApiError('BAD_ARGUMENT', 'importOnnx needs a path or the uploaded file (base64)');
    const r = await importOnnx(bytes, { name: name.replace(/\.onnx$/i, ''), runOp: this.runOp });
    const runId = `import-${++this.count}`;
    this.held.set(runId, { graph: graphKey(r.doc), model: name, weights: new Map([...r.weights].map(([k, w]) => [k, w.data])) });
    while (this.held.size > MAX_IMPORTS) this.held.delete(this.held.keys().next().value as string);
    return { doc: r.doc, warnings: r.warnings, opaque: r.opaque, runId };
  }

  /**
   * Writes the import's weights beside the project file (`<project>.wiregrad.weights`,
   * atomic) while they fit `doc`; returns the file, or why nothing was written.
   */
  async save(runId: string, doc: ProjectDocument, projectFile: string): Promise<{ weights?: string; weightsSkipped?: string }> {
    const held = this.weights(runId, doc);
    if (!held) throw new ApiError('BAD_ARGUMENT', `${runId} is not an import's id`);
    if (!held.weights) return { weightsSkipped: held.reason };
    // No run id in the metadata: an import id means nothing once the backend restarts.
    const extra = { source: 'onnx-import', model: this.held.get(runId)!.model };
    return { weights: await saveProjectWeights(projectFile, doc, held.weights, { extra }) };
  }

  /** The import's weights if `runId` is one and `doc` still has its graph; undefined when not an import. */
  weights(runId: string, doc: ProjectDocument): { weights?: Map<string, Float32Array>; reason?: string } | undefined {
    if (!isImportId(runId)) return undefined;
    const h = this.held.get(runId);
    if (!h) return { reason: `the weights of ${runId} are no longer held (the backend restarted, or newer imports replaced them)` };
    if (h.graph !== graphKey(doc)) return { reason: `the graph changed since the import, so its weights no longer fit` };
    return { weights: h.weights };
  }
}
