/**
 * The project's trained weights, as the app and the CLI use them: written beside the project
 * at the end of a run, read back when the project is opened, exported, or trained further.
 * The file format is core/project/weightsFile.ts; this is what goes in it and when it fits.
 *
 * Weights fit a document when every parameter and buffer tensor of its graph is in the file
 * by name (`<nodeId>.weight`, ...) with the same size. That is looser than the graph hash
 * (which the metadata also records): moving nodes, renaming the project or changing the
 * training settings keeps them; changing a layer's shape does not.
 */
import { checkDocument } from '../check/check';
import { bufferLayout, paramLayout } from '../compile/paramLayout';
import type { ProjectDocument } from '../graph/document';
import type { RunDataFacts } from '../train/events';
import { readWeightsFile, weightsPathFor, writeWeightsFile, type WeightTensor } from './weightsFile';
import { graphKey } from './graphKey';

export interface SavedWeightsInfo {
  /** The run that trained them, when a run did. */
  runId?: string;
  savedAt?: string;
  /** graphKey() of the document they were trained on. */
  graph?: string;
  /** Class names and normalisation of the run, for export metadata. */
  data?: RunDataFacts;
}

export interface ProjectWeights {
  file: string;
  info: SavedWeightsInfo;
  /** Flat vectors in the document's layout. */
  params: Float32Array;
  buffers: Float32Array;
  /** The same tensors by state_dict name. */
  weights: Map<string, Float32Array>;
}

/** Writes the run's parameters and buffers beside the project (atomic: a crash leaves the old file). */
export async function saveProjectWeights(
  projectPath: string,
  doc: ProjectDocument,
  trained: { params: Float32Array; buffers: Float32Array } | ReadonlyMap<string, Float32Array>,
  info: Omit<SavedWeightsInfo, 'graph' | 'savedAt'> & { /** More metadata: where weights that no run trained came from (`source: onnx-import`). */ extra?: Record<string, string> },
): Promise<string> {
  const check = checkDocument(doc);
  const tensors = new Map<string, WeightTensor>();
  const named = trained instanceof Map ? (trained as ReadonlyMap<string, Float32Array>) : null;
  const flat = named ? null : (trained as { params: Float32Array; buffers: Float32Array });
  for (const [layout, vec] of [[paramLayout(doc, check), flat?.params], [bufferLayout(doc, check), flat?.buffers]] as const) {
    for (const s of layout.slots) {
      const data = vec ? vec.subarray(s.offset, s.offset + s.size) : named!.get(s.name);
      if (!data || data.length !== s.size) throw new Error(`the run's weights lack ${s.name}`);
      tensors.set(s.name, { shape: s.shape, data });
    }
  }
  const metadata: Record<string, string> = { ...info.extra, format: 'wiregrad', graph: graphKey(doc), saved_at: new Date().toISOString() };
  if (info.runId) metadata.run_id = info.runId;
  if (info.data) metadata.data = JSON.stringify(info.data);
  const file = weightsPathFor(projectPath);
  await writeWeightsFile(file, { tensors, metadata });
  return file;
}

export type LoadedProjectWeights = { ok: true; weights: ProjectWeights } | { ok: false; reason: string };

/** The project's saved weights in the document's layout, or why there are none that fit. */
export async function loadProjectWeights(projectPath: string, doc: ProjectDocument): Promise<LoadedProjectWeights> {
  const file = weightsPathFor(projectPath);
  const contents = await readWeightsFile(file);
  if (!contents) return { ok: false, reason: 'the project has no saved weights yet' };
  const check = checkDocument(doc);
  const layouts = [paramLayout(doc, check), bufferLayout(doc, check)] as const;
  const named = new Map([...contents.tensors].map(([k, t]) => [k, t.data]));
  const vectors: Float32Array[] = [];
  const weights = new Map<string, Float32Array>();
  for (const layout of layouts) {
    const out = new Float32Array(layout.total);
    for (const s of layout.slots) {
      const t = named.get(s.name);
      if (!t) return { ok: false, reason: `${file} has no ${s.name} (the graph changed since the weights were saved)` };
      if (t.length !== s.size) return { ok: false, reason: `${file} gives ${s.name} ${t.length} values but the graph needs ${s.size} (the layer changed since the weights were saved)` };
      out.set(t, s.offset);
      weights.set(s.name, out.subarray(s.offset, s.offset + s.size));
    }
    vectors.push(out);
  }
  const [params, buffers] = vectors;
  const m = contents.metadata;
  let data: RunDataFacts | undefined;
  try {
    data = m.data ? (JSON.parse(m.data) as RunDataFacts) : undefined;
  } catch {
    data = undefined; // a hand-edited metadata field only costs the export's class names
  }
  const info: SavedWeightsInfo = { ...(m.run_id ? { runId: m.run_id } : {}), ...(m.saved_at ? { savedAt: m.saved_at } : {}), ...(m.graph ? { graph: m.graph } : {}), ...(data ? { data } : {}) };
  return { ok: true, weights: { file, info, params, buffers, weights } };
}
