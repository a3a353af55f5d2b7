/**
 * The editor store: the one place the document changes. Components call these actions;
 * each goes through a typed command (commands.ts) and the diff history (editor.ts).
 */
import type { ProjectDocument, Position } from '../../core/graph/document';
import type { Fix } from '../../core/check/diagnostics';
import { createStore } from './createStore';
import * as E from './editor';
import type { Command } from './commands';
import { freshIds } from './commands';
import { createNode } from './nodeFactory';
import { copySelection, pasteClip, type Clip } from './clipboard';
import { planFix } from './fixes';

export const editorStore = createStore<E.EditorState>(E.initialEditorState());

let clipboard: Clip | null = null;
let pasteCount = 0;
/** While training, the graph is read-only: edits would not match the model being trained. */
let locked = false;
/** Bumped by every load (new, open, template, recovery): tells a run which project it belongs to. */
let generation = 0;

export function setLocked(value: boolean): void {
  locked = value;
}

const update = (f: (s: E.EditorState) => E.EditorState) => editorStore.set(f);

export const editor = {
  get state() {
    return editorStore.get();
  },

  commit(cmd: Command, opts: E.CommitOptions): void {
    if (locked) return;
    update((s) => E.commit(s, cmd, opts));
  },

  undo: () => !locked && update(E.undo),
  redo: () => !locked && update(E.redo),

  beginGesture: (label: string) => !locked && update((s) => E.beginGesture(s, label)),
  updateGesture: (cmd: Command) => !locked && update((s) => E.updateGesture(s, cmd)),
  endGesture: () => update(E.endGesture),

  select(nodes: string[], edges: string[] = []): void {
    update((s) => E.setSelection(s, { nodes, edges }));
  },
  clearSelection: () => update((s) => E.setSelection(s, E.EMPTY_SELECTION)),
  selectAll: () => update((s) => E.setSelection(s, { nodes: s.doc.nodes.map((n) => n.id), edges: s.doc.edges.map((e) => e.id) })),

  /** Replaces the document (new, open, template): a fresh history, clean. */
  load(doc: ProjectDocument, filePath: string | null, dirty = false): void {
    generation++;
    const s = E.initialEditorState(doc, filePath);
    // A recovered autosave starts dirty so the user is reminded to save it.
    editorStore.set(dirty ? { ...s, savedEntryId: -1 } : s);
  },

  markSaved: (filePath: string | null) => update((s) => E.markSaved(s, filePath)),

  /** Which project is open now; compare with rememberRun's `startedIn`. */
  get generation(): number {
    return generation;
  },

  /** Records the project's finished run, unless another project was loaded since the run started. */
  rememberRun(runId: string, startedIn: number): void {
    if (startedIn === generation) update((s) => ({ ...s, lastRunId: runId }));
  },

  addLayer(type: string, position: Position): string {
    const s = editorStore.get();
    const [id] = freshIds(s.doc.nodes.map((n) => n.id), 'n', 1);
    editor.commit({ kind: 'addNodes', nodes: [createNode(type, id, position)] }, { label: `Add ${type}`, select: { nodes: [id], edges: [] } });
    return id;
  },

  deleteSelection(): void {
    const { selection } = editorStore.get();
    if (!selection.nodes.length && !selection.edges.length) return;
    editor.commit({ kind: 'remove', nodeIds: selection.nodes, edgeIds: selection.edges }, { label: 'Delete', select: E.EMPTY_SELECTION });
  },

  /** Copies the selected layers; returns the clip so the caller can also put it on the system clipboard. */
  copy(): Clip | null {
    const s = editorStore.get();
    const clip = copySelection(s.doc, s.selection.nodes);
    if (clip) {
      clipboard = clip;
      pasteCount = 0;
    }
    return clip;
  },

  /** Pastes `from` (a clip read from the system clipboard) or else the last copied clip. */
  paste(from?: Clip): void {
    if (from && from !== clipboard) {
      clipboard = from;
      pasteCount = 0;
    }
    if (!clipboard) return;
    pasteCount++;
    const { cmd, nodeIds } = pasteClip(editorStore.get().doc, clipboard, { x: 40 * pasteCount, y: 40 * pasteCount });
    editor.commit(cmd, { label: 'Paste', select: { nodes: nodeIds, edges: [] } });
  },

  duplicate(): void {
    const s = editorStore.get();
    const clip = copySelection(s.doc, s.selection.nodes);
    if (!clip) return;
    const { cmd, nodeIds } = pasteClip(s.doc, clip, { x: 40, y: 40 });
    editor.commit(cmd, { label: 'Duplicate', select: { nodes: nodeIds, edges: [] } });
  },

  applyFix(fix: Fix): string | undefined {
    const plan = planFix(editorStore.get().doc, fix);
    if (!plan) return undefined;
    editor.commit(plan.cmd, { label: fix.label, select: plan.select ? { nodes: [plan.select], edges: [] } : undefined });
    return plan.select;
  },

};
