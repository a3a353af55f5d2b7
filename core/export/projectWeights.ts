/**
 * Which weights an export holds when no run of this session names its own: the project's
 * weights file (`<project>.wiregrad.weights`, written by training or import) when it is
 * there and fits the graph, else the initial weights `wiregrad train --seed N` starts from.
 * The CLI's `wiregrad export` and the backend's export both ask here, so the two agree.
 */
import path from 'node:path';
import { checkDocument } from '../check/check';
import { bufferLayout, paramLayout } from '../compile/paramLayout';
import type { ProjectDocument } from '../graph/document';
import { readWeightsFile, weightsPathFor, type WeightsContents } from '../project/weightsFile';

export type ProjectWeights =
  /** The file's tensors by state_dict name (`<nodeId>.weight`, `<nodeId>.running_mean`, ...). */
  | { kind: 'file'; file: string; weights: Map<string, Float32Array> }
  /** No usable file: `reason` says why in plain words (no file, or one of another graph). */
  | { kind: 'initial'; reason: string; file?: string };

/** Why `contents` cannot be this graph's weights, or null when every tensor is there with its shape. */
export function weightsMismatch(doc: ProjectDocument, contents: WeightsContents): string | null {
  const check = checkDocument(doc);
  for (const slot of [...paramLayout(doc, check).slots, ...bufferLayout(doc, check).slots]) {
    const t = contents.tensors.get(slot.name);
    if (!t) return `it has no ${slot.name}`;
    if (t.data.length !== slot.size || t.shape.join() !== slot.shape.join()) return `its ${slot.name} is [${t.shape.join(', ')}], the graph's is [${slot.shape.join(', ')}]`;
  }
  return null;
}

/**
 * The project's weights for an export. A corrupt weights file is an error naming it (as
 * readWeightsFile throws it); one that no longer fits the graph (edited since it was written)
 * is reported as the reason for exporting initial weights.
 */
export async function projectWeights(doc: ProjectDocument, projectPath: string | undefined): Promise<ProjectWeights> {
  if (!projectPath) return { kind: 'initial', reason: 'the project is not saved, so it has no weights file' };
  const file = weightsPathFor(path.resolve(projectPath));
  const contents = await readWeightsFile(file);
  if (!contents) return { kind: 'initial', reason: `there is no weights file ${path.basename(file)} yet (train or import to make one)` };
  const mismatch = weightsMismatch(doc, contents);
  if (mismatch) return { kind: 'initial', file, reason: `${path.basename(file)} no longer fits the graph (${mismatch}); train again to update it` };
  return { kind: 'file', file, weights: new Map([...contents.tensors].map(([name, t]) => [name, t.data])) };
}
