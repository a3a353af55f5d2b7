/**
 * The editor's state transitions as pure functions: commit a command, undo, redo, and
 * gestures (a drag, a slider) that change the document many times but record one step.
 * The store (store.ts) only holds the current state and notifies React.
 */
import { emptyDocument, type ProjectDocument } from '../../core/graph/document';
import { applyCommand, type Command } from './commands';
import { applyDiff, composeDiffs, diffDocuments, HISTORY_LIMIT, isEmptyDiff, type History } from './history';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

export interface EditorState {
  doc: ProjectDocument;
  selection: Selection;
  history: History;
  nextEntryId: number;
  /** Id of the newest history entry at the last save or open; dirty when the top differs. */
  savedEntryId: number;
  /** Open gesture: the document before it started, so it lands in history as one diff. */
  gesture: { base: ProjectDocument; selection: Selection; label: string } | null;
  filePath: string | null;
  /**
   * The last finished training run of this project (its weights live in the backend, by run
   * id): export asks for them. A fresh state per new/open/template, so another project's run
   * never leaks into this one.
   */
  lastRunId: string | null;
}

export function initialEditorState(doc: ProjectDocument = emptyDocument(), filePath: string | null = null): EditorState {
  return {
    doc,
    selection: EMPTY_SELECTION,
    history: { past: [], future: [] },
    nextEntryId: 1,
    savedEntryId: 0,
    gesture: null,
    filePath,
    lastRunId: null,
  };
}

export function topEntryId(s: EditorState): number {
  return s.history.past.at(-1)?.id ?? 0;
}

export function isDirty(s: EditorState): boolean {
  return topEntryId(s) !== s.savedEntryId;
}

/** Edits of one field closer together than this are one undo step (typing "128" is one edit, not three). */
export const MERGE_WINDOW_MS = 1500;

export interface CommitOptions {
  label: string;
  mergeKey?: string;
  /** Time of the edit (ms); merging only happens within MERGE_WINDOW_MS of the previous one. Injected for tests. */
  now?: number;
  /** Selection after the edit (e.g. select what was just added). Defaults to the current one, pruned. */
  select?: Selection;
}

/** Records the change from `before` to `s.doc` as one history step (or merges it into the last one). */
function record(s: EditorState, before: ProjectDocument, selBefore: Selection, opts: CommitOptions): EditorState {
  const diff = diffDocuments(before, s.doc);
  if (isEmptyDiff(diff)) return s;
  const last = s.history.past.at(-1);
  const now = opts.now ?? Date.now();
  if (
    opts.mergeKey &&
    last &&
    last.mergeKey === opts.mergeKey &&
    now - (last.at ?? 0) <= MERGE_WINDOW_MS &&
    s.history.future.length === 0 &&
    last.id !== s.savedEntryId
  ) {
    const merged = { ...last, at: now, diff: composeDiffs(last.diff, diff), selectionAfter: s.selection.nodes };
    return { ...s, history: { past: [...s.history.past.slice(0, -1), merged], future: [] } };
  }
  const entry = {
    id: s.nextEntryId,
    label: opts.label,
    diff,
    mergeKey: opts.mergeKey,
    at: now,
    selectionBefore: selBefore.nodes,
    selectionAfter: s.selection.nodes,
  };
  const past = [...s.history.past, entry];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { ...s, nextEntryId: s.nextEntryId + 1, history: { past, future: [] } };
}

export function pruneSelection(doc: ProjectDocument, sel: Selection): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const n = sel.nodes.filter((id) => nodes.has(id));
  const e = sel.edges.filter((id) => edges.has(id));
  return n.length === sel.nodes.length && e.length === sel.edges.length ? sel : { nodes: n, edges: e };
}

export function commit(s: EditorState, cmd: Command, opts: CommitOptions): EditorState {
  // A commit during a gesture (rare: a shortcut mid-drag) closes the gesture first.
  const base = s.gesture ? endGesture(s) : s;
  const doc = applyCommand(base.doc, cmd);
  if (doc === base.doc) return opts.select ? { ...base, selection: opts.select } : base;
  const next = { ...base, doc, selection: pruneSelection(doc, opts.select ?? base.selection) };
  return record(next, base.doc, base.selection, opts);
}

export function beginGesture(s: EditorState, label: string): EditorState {
  if (s.gesture) return s;
  return { ...s, gesture: { base: s.doc, selection: s.selection, label } };
}

/** Applies a command inside a gesture: visible at once, recorded when the gesture ends. */
export function updateGesture(s: EditorState, cmd: Command): EditorState {
  const open = s.gesture ? s : beginGesture(s, cmd.kind);
  const doc = applyCommand(open.doc, cmd);
  return doc === open.doc ? open : { ...open, doc };
}

export function endGesture(s: EditorState): EditorState {
  if (!s.gesture) return s;
  const { base, selection, label } = s.gesture;
  return record({ ...s, gesture: null }, base, selection, { label });
}

export function undo(s: EditorState): EditorState {
  const st = endGesture(s);
  const entry = st.history.past.at(-1);
  if (!entry) return st;
  const doc = applyDiff(st.doc, entry.diff, 'undo');
  return {
    ...st,
    doc,
    selection: pruneSelection(doc, { nodes: entry.selectionBefore, edges: [] }),
    history: { past: st.history.past.slice(0, -1), future: [...st.history.future, entry] },
  };
}

export function redo(s: EditorState): EditorState {
  const st = endGesture(s);
  const entry = st.history.future.at(-1);
  if (!entry) return st;
  const doc = applyDiff(st.doc, entry.diff, 'redo');
  return {
    ...st,
    doc,
    selection: pruneSelection(doc, { nodes: entry.selectionAfter, edges: [] }),
    history: { past: [...st.history.past, entry], future: st.history.future.slice(0, -1) },
  };
}

export function setSelection(s: EditorState, selection: Selection): EditorState {
  const same =
    selection.nodes.length === s.selection.nodes.length &&
    selection.edges.length === s.selection.edges.length &&
    selection.nodes.every((id, i) => id === s.selection.nodes[i]) &&
    selection.edges.every((id, i) => id === s.selection.edges[i]);
  return same ? s : { ...s, selection };
}

export function markSaved(s: EditorState, filePath: string | null): EditorState {
  return { ...s, savedEntryId: topEntryId(s), filePath };
}
