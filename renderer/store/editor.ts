/**
 * The editor's state transitions as pure functions: commit a command, undo, redo, and
 * gestures (a drag, a slider) that change the document many times but record one step.
 * The store (store.ts) only holds the current state and notifies React.
 */
import { emptyDocument, type BlockDef, type ProjectDocument } from '../../core/graph/document';
import { followPinChanges } from '../../core/blocks/followPins';
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
  /** When this document was last saved in this session (ms); null: not since it was opened or created. */
  savedAt: number | null;
  /**
   * The last finished training run of this project (its weights live in the backend, by run
   * id): export asks for them. A fresh state per new/open/template, so another project's run
   * never leaks into this one.
   */
  lastRunId: string | null;
  /**
   * Blocks opened in place, outermost first. While one is open, `doc` is the view of its
   * definition (its nodes and edges, the project's training and blocks) and `history` the
   * edits made inside; closing writes the definition back as one step of the outer history.
   */
  scope: ScopeFrame[];
}

export interface ScopeFrame {
  block: string;
  /** The instance it was opened from: its shapes are the ones shown inside. */
  instanceId: string;
  parent: { doc: ProjectDocument; history: History; selection: Selection };
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
    savedAt: null,
    lastRunId: null,
    scope: [],
  };
}

export function topEntryId(s: EditorState): number {
  return s.history.past.at(-1)?.id ?? 0;
}

export function isDirty(s: EditorState): boolean {
  if (!s.scope.length) return topEntryId(s) !== s.savedEntryId;
  // Inside open blocks: the project level against the save, and any edit not yet closed into it.
  const levels = [...s.scope.map((f) => f.parent.history), s.history];
  return (levels[0].past.at(-1)?.id ?? 0) !== s.savedEntryId || levels.slice(1).some((h) => h.past.length > 0);
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
export function record(s: EditorState, before: ProjectDocument, selBefore: Selection, opts: CommitOptions): EditorState {
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

export function markSaved(s: EditorState, filePath: string | null, now = Date.now()): EditorState {
  const projectLevel = s.scope[0]?.parent.history ?? s.history;
  return { ...s, savedEntryId: projectLevel.past.at(-1)?.id ?? 0, filePath, savedAt: now };
}

/** The definition view of a block: its graph, with the project's training and blocks around it. */
function blockView(doc: ProjectDocument, block: string): ProjectDocument {
  const def = doc.blocks![block];
  return { ...doc, nodes: def.nodes, edges: def.edges };
}

/**
 * The document one level up, with the open definition written back (same object when nothing
 * changed). Pins edited inside (renamed, removed) reach the wires at the instances here: the
 * parent's own graph and the other definitions follow, so everything that reads the whole
 * project (check, save, train) sees consistent edges while the block is still open.
 * `parentBlock`: the block the parent level is a view of, when it is one.
 */
function writeBack(frame: ScopeFrame, view: ProjectDocument, parentBlock?: string): ProjectDocument {
  const parent = frame.parent.doc;
  // The view's own copy of the definition: edits of its params (exposing an inner parameter) live there.
  const def = view.blocks?.[frame.block] ?? parent.blocks?.[frame.block];
  if (!def) return parent;
  const unchanged = def.nodes === view.nodes && def.edges === view.edges && view.blocks === parent.blocks && view.training === parent.training && view.name === parent.name;
  if (unchanged) return parent;
  const { nodes: _n, edges: _e, ...around } = view;
  // The open definition's stale copy follows too, harmlessly: the view's graph replaces it just after.
  const up = followPinChanges({ ...around, nodes: parent.nodes, edges: parent.edges } as ProjectDocument, parent.blocks, parentBlock);
  return { ...up, blocks: { ...up.blocks, [frame.block]: { ...def, nodes: view.nodes, edges: view.edges } } };
}

/** The open block's definition as it stands now: the view's graph with the view's copy of its params and pins. */
export function openBlockDef(s: Pick<EditorState, 'doc' | 'scope'>): { name: string; def: BlockDef } | null {
  const frame = s.scope.at(-1);
  const block = frame && s.doc.blocks?.[frame.block];
  return block ? { name: frame.block, def: { ...block, nodes: s.doc.nodes, edges: s.doc.edges } } : null;
}

const roots = new WeakMap<ProjectDocument, { scope: ScopeFrame[]; root: ProjectDocument }>();

/** The whole project (what is saved, trained and exported), whatever block is open. */
export function rootDocument(s: EditorState): ProjectDocument {
  if (!s.scope.length) return s.doc;
  const hit = roots.get(s.doc);
  if (hit && hit.scope === s.scope) return hit.root;
  let doc = s.doc;
  for (let i = s.scope.length - 1; i >= 0; i--) doc = writeBack(s.scope[i], doc, s.scope[i - 1]?.block);
  roots.set(s.doc, { scope: s.scope, root: doc });
  return doc;
}

/** Opens the block of this instance in place (the canvas shows its definition). */
export function enterBlock(s: EditorState, instanceId: string): EditorState {
  const st = endGesture(s);
  const node = st.doc.nodes.find((n) => n.id === instanceId);
  if (!node || !st.doc.blocks || !Object.hasOwn(st.doc.blocks, node.type)) return st;
  const frame: ScopeFrame = { block: node.type, instanceId, parent: { doc: st.doc, history: st.history, selection: st.selection } };
  return { ...st, doc: blockView(st.doc, node.type), history: { past: [], future: [] }, selection: EMPTY_SELECTION, scope: [...st.scope, frame] };
}

/** Closes the innermost open block: its edits become one step ("Edit CustomLayer") of the graph around it. */
export function exitBlock(s: EditorState, levels = 1): EditorState {
  let st = endGesture(s);
  for (let k = 0; k < levels && st.scope.length; k++) {
    const frame = st.scope.at(-1)!;
    const next = writeBack(frame, st.doc, st.scope.at(-2)?.block);
    const back: EditorState = { ...st, doc: frame.parent.doc, history: frame.parent.history, selection: { nodes: [frame.instanceId], edges: [] }, scope: st.scope.slice(0, -1) };
    st = next === frame.parent.doc ? back : record({ ...back, doc: next }, frame.parent.doc, frame.parent.selection, { label: `Edit ${frame.block}` });
  }
  return st;
}
