/**
 * Derived data: the checker's result for the current document, with the dataset checked
 * against the Input. Recomputed on every change (it takes milliseconds), memoised by
 * document identity, never saved.
 */
import type { ProjectDocument } from '../../core/graph/document';
import type { CheckResult } from '../../core/check/types';
import type { Diagnostic } from '../../core/check/diagnostics';
import { checkForTraining } from '../../core/check/datasetInput';
import { useStore } from './createStore';
import { editorStore } from './editorStore';
import { rootDocument, type EditorState } from './editor';
import { checkInScope } from './scopedCheck';
import { estimateTrainingMemory } from '../../core/check/memory';

let last: { doc: ProjectDocument; result: CheckResult } | null = null;

const EMPTY: CheckResult = { nodes: {}, edges: {}, diagnostics: [], order: [], totalParams: 0, totalFlops: 0, lossNodes: [], ignored: [] };

/** Same graph apart from positions or labels? Commands keep `params` and `edges` identities, so this is O(nodes). */
function sameStructure(a: ProjectDocument, b: ProjectDocument): boolean {
  if (a.edges !== b.edges || a.training !== b.training || a.blocks !== b.blocks || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x !== y && (x.id !== y.id || x.type !== y.type || x.params !== y.params)) return false;
  }
  return true;
}

export function checkFor(doc: ProjectDocument): CheckResult {
  if (last?.doc === doc) return last.result;
  // Dragging a node changes the document every frame but never its shapes: keep the result.
  if (last && sameStructure(last.doc, doc)) {
    last = { doc, result: last.result };
    return last.result;
  }
  let result: CheckResult;
  try {
    // The editor checks the model with the data it will train on (checkDocument is the model alone).
    result = checkForTraining(doc);
  } catch (err) {
    // A checker bug must not take the editor down with it: show it as a problem instead.
    result = { ...EMPTY, diagnostics: [{ code: 'CHECK_CRASHED', severity: 'error', message: `The checker failed: ${String(err)}` }] };
  }
  last = { doc, result };
  return result;
}

const scoped = new WeakMap<ProjectDocument, { root: CheckResult; result: CheckResult }>();

/** The check the canvas shows: the project's, or inside an open block, the instance's view of it. */
export function checkForState(s: EditorState): CheckResult {
  if (!s.scope.length) return checkFor(s.doc);
  const root = checkFor(rootDocument(s));
  const hit = scoped.get(s.doc);
  if (hit && hit.root === root) return hit.result;
  const result = checkInScope(root, s.scope.map((f) => f.instanceId).join('/') + '/', s.doc);
  scoped.set(s.doc, { root, result });
  return result;
}

export function useCheck(): CheckResult {
  return useStore(editorStore, checkForState);
}

const byNodeCache = new WeakMap<CheckResult, Map<string, Diagnostic[]>>();

/** Diagnostics grouped by node id, errors first; memoised so node components see stable arrays. */
export function diagnosticsByNode(check: CheckResult): Map<string, Diagnostic[]> {
  const cached = byNodeCache.get(check);
  if (cached) return cached;
  const map = new Map<string, Diagnostic[]>();
  for (const d of check.diagnostics) {
    if (!d.nodeId) continue;
    const list = map.get(d.nodeId);
    if (list) list.push(d);
    else map.set(d.nodeId, [d]);
  }
  for (const list of map.values()) list.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  byNodeCache.set(check, map);
  return map;
}

/** Training memory for one step at the chosen batch (core/check/memory.ts: the same figure training is refused by). */
export function estimateMemoryBytes(doc: ProjectDocument, check: CheckResult): number {
  return estimateTrainingMemory(doc, check).total;
}
