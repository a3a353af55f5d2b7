/**
 * Undo history as diffs, not snapshots: an entry holds, per changed node or edge, its
 * value before and after (by id), plus the top-level fields that changed. Commands keep
 * the identity of untouched nodes, so diffing is a reference comparison per element.
 */
import type { DocEdge, DocNode, ProjectDocument } from '../../core/graph/document';

type Pair<T> = [before: T | undefined, after: T | undefined];

export interface DocDiff {
  nodes: Record<string, Pair<DocNode>>;
  edges: Record<string, Pair<DocEdge>>;
  /** Top-level fields other than nodes/edges (name, training, extras). */
  fields: Record<string, Pair<unknown>>;
  /** Id order, recorded only when it changed in a way add/remove alone cannot restore. */
  nodeOrder?: Pair<string[]>;
  edgeOrder?: Pair<string[]>;
}

export function isEmptyDiff(d: DocDiff): boolean {
  return (
    !Object.keys(d.nodes).length && !Object.keys(d.edges).length && !Object.keys(d.fields).length && !d.nodeOrder && !d.edgeOrder
  );
}

function diffList<T extends { id: string }>(a: T[], b: T[]): { changes: Record<string, Pair<T>>; order?: Pair<string[]> } {
  // Keyed by ids from the document: null-prototype, so an id like "__proto__" is just a key.
  const changes: Record<string, Pair<T>> = Object.create(null);
  const before = new Map(a.map((x) => [x.id, x]));
  const after = new Map(b.map((x) => [x.id, x]));
  for (const [id, x] of before) {
    const y = after.get(id);
    // Reference first (cheap); deep only for the few changed ones, so a drag back to the start is no step.
    if (y !== x && !(y && sameJson(x, y))) changes[id] = [x, y];
  }
  for (const [id, x] of after) if (!before.has(id)) changes[id] = [undefined, x];
  // Order matters only for elements present on both sides (undo of a delete must put the node back where it was).
  const keptA = a.filter((x) => after.has(x.id)).map((x) => x.id);
  const keptB = b.filter((x) => before.has(x.id)).map((x) => x.id);
  const appendOnly = b.slice(0, keptB.length).every((x) => before.has(x.id));
  const sameOrder = keptA.every((id, i) => id === keptB[i]);
  const removedOnlyAtEnd = a.slice(0, keptA.length).every((x) => after.has(x.id));
  const order: Pair<string[]> | undefined =
    sameOrder && appendOnly && removedOnlyAtEnd ? undefined : [a.map((x) => x.id), b.map((x) => x.id)];
  return { changes, order };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffDocuments(a: ProjectDocument, b: ProjectDocument): DocDiff {
  const nodes = diffList(a.nodes, b.nodes);
  const edges = diffList(a.edges, b.edges);
  const fields: Record<string, Pair<unknown>> = Object.create(null);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'nodes' || key === 'edges') continue;
    if (a[key] !== b[key]) fields[key] = [a[key], b[key]];
  }
  const d: DocDiff = { nodes: nodes.changes, edges: edges.changes, fields };
  if (nodes.order) d.nodeOrder = nodes.order;
  if (edges.order) d.edgeOrder = edges.order;
  return d;
}

function applyList<T extends { id: string }>(list: T[], changes: Record<string, Pair<T>>, side: 0 | 1, order?: Pair<string[]>): T[] {
  const byId = new Map(list.map((x) => [x.id, x]));
  const appended: T[] = [];
  for (const [id, pair] of Object.entries(changes)) {
    const v = pair[side];
    if (v === undefined) byId.delete(id);
    else {
      if (!byId.has(id)) appended.push(v);
      byId.set(id, v);
    }
  }
  if (order) return (order[side] ?? []).map((id) => byId.get(id)).filter((x): x is T => x !== undefined);
  const out = list.filter((x) => byId.has(x.id)).map((x) => byId.get(x.id)!);
  return appended.length ? out.concat(appended) : out;
}

/** Applies a diff forwards (`redo`) or backwards (`undo`). */
export function applyDiff(doc: ProjectDocument, d: DocDiff, direction: 'redo' | 'undo'): ProjectDocument {
  const side = direction === 'redo' ? 1 : 0;
  const out: ProjectDocument = {
    ...doc,
    nodes: applyList(doc.nodes, d.nodes, side, d.nodeOrder),
    edges: applyList(doc.edges, d.edges, side, d.edgeOrder),
  };
  for (const [key, pair] of Object.entries(d.fields)) {
    if (pair[side] === undefined) delete out[key];
    else out[key] = pair[side];
  }
  return out;
}

/** Two consecutive diffs as one: earliest "before", latest "after" per element. */
export function composeDiffs(first: DocDiff, second: DocDiff): DocDiff {
  const merge = <T>(x: Record<string, Pair<T>>, y: Record<string, Pair<T>>) => {
    const out: Record<string, Pair<T>> = Object.assign(Object.create(null), x);
    for (const [id, [, after]] of Object.entries(y)) out[id] = Object.hasOwn(x, id) ? [x[id][0], after] : y[id];
    for (const [id, [before, after]] of Object.entries(out)) if (before === after) delete out[id];
    return out;
  };
  const order = (x?: Pair<string[]>, y?: Pair<string[]>): Pair<string[]> | undefined =>
    x && y ? [x[0], y[1]] : x ?? y;
  const d: DocDiff = { nodes: merge(first.nodes, second.nodes), edges: merge(first.edges, second.edges), fields: merge(first.fields, second.fields) };
  const no = order(first.nodeOrder, second.nodeOrder);
  const eo = order(first.edgeOrder, second.edgeOrder);
  if (no) d.nodeOrder = no;
  if (eo) d.edgeOrder = eo;
  return d;
}

export interface HistoryEntry {
  id: number;
  label: string;
  diff: DocDiff;
  /** Consecutive commits with the same key (typing in one field) merge into one step. */
  mergeKey?: string;
  /** When the entry was last extended (ms). */
  at?: number;
  selectionBefore: string[];
  selectionAfter: string[];
}

export interface History {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

export const HISTORY_LIMIT = 500;
