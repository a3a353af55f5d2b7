/**
 * The editor store: the one place the document changes. Components call these actions;
 * each goes through a typed command (commands.ts) and the diff history (editor.ts).
 */
import type { BlockDef, ParamBinding, ParamValue, ProjectDocument, Position } from '../../core/graph/document';
import { BlockEditError, planMakeBlock, planUngroup } from '../../core/blocks/edit';
import { addPin, PIN_SIDE_WORD as SIDE_WORD, removePin, renamePin, type PinSide } from '../../core/blocks/pins';
import { checkDocument } from '../../core/check/check';
import type { Fix } from '../../core/check/diagnostics';
import { createStore } from './createStore';
import * as E from './editor';
import type { Command } from './commands';
import { freshIds } from './commands';
import { createNode } from './nodeFactory';
import { copySelection, type Clip } from './clipboard';
import { planFix } from './fixes';
import { planPaste, type PasteOptions, type Plan } from './insertion';

export const editorStore = createStore<E.EditorState>(E.initialEditorState());

let clipboard: Clip | null = null;
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

  /** Commits a planned addition (insertion.ts) as one step and selects what it added. */
  commitPlan(plan: Plan): string[] {
    if (locked) return [];
    editor.commit(plan.cmd, { label: plan.label, select: { nodes: plan.nodeIds, edges: [] } });
    return plan.nodeIds;
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
    if (clip) clipboard = clip;
    return clip;
  },

  /** Pastes `from` (a clip read from the system clipboard) or else the last copied clip: at the pointer, wired after the selection when it fits. */
  paste(from?: Clip, opts: PasteOptions = {}): string[] {
    if (from) clipboard = from;
    if (!clipboard) return [];
    const s = editorStore.get();
    return editor.commitPlan(planPaste(s.doc, clipboard, { after: s.selection.nodes, ...opts }));
  },

  /** A copy of the selection beside it; a chain that is part of the graph is repeated right after itself, wired. */
  duplicate(opts: Omit<PasteOptions, 'at' | 'chain'> = {}): string[] {
    const s = editorStore.get();
    const clip = copySelection(s.doc, s.selection.nodes);
    if (!clip) return [];
    const plan = planPaste(s.doc, clip, { after: s.selection.nodes, ...opts, chain: true });
    return editor.commitPlan({ ...plan, label: 'Duplicate' });
  },

  /** Opens an instance's block in place; its shapes are the instance's. */
  openBlock: (instanceId: string) => update((s) => E.enterBlock(s, instanceId)),
  /** Back out of `levels` open blocks (the breadcrumb jumps several). */
  closeBlock: (levels = 1) => update((s) => E.exitBlock(s, levels)),
  /** The whole project, whatever block is open: what save, train and export use. */
  get project(): ProjectDocument {
    return E.rootDocument(editorStore.get());
  },

  /** Make block: the selected layers become a block definition and one instance in their place (one undo step). */
  makeBlock(nodeIds: string[], name: string, expose: ParamBinding[]): string | undefined {
    if (locked) return undefined;
    const { doc } = editorStore.get();
    const [id] = freshIds(doc.nodes.map((n) => n.id), 'b', 1);
    const plan = planMakeBlock(doc, checkDocument(doc), nodeIds, { name, instanceId: id, expose });
    editor.commit(
      { kind: 'batch', commands: [{ kind: 'setBlock', name, block: plan.block }, { kind: 'remove', nodeIds: plan.removeNodeIds, edgeIds: plan.removeEdgeIds }, { kind: 'addNodes', nodes: [plan.instance], edges: plan.addEdges }] },
      { label: `Make block ${name}`, select: { nodes: [id], edges: [] } },
    );
    return id;
  },

  /** Ungroup: one instance back into its layers; the definition stays for the others. */
  ungroup(instanceId: string): string[] {
    if (locked) return [];
    const { doc } = editorStore.get();
    const ids = new Set(doc.nodes.map((n) => n.id));
    const plan = planUngroup(doc, instanceId, (id) => ids.has(id));
    const added = plan.addNodes.map((n) => n.id);
    editor.commit(
      { kind: 'batch', commands: [{ kind: 'remove', nodeIds: plan.removeNodeIds, edgeIds: plan.removeEdgeIds }, { kind: 'addNodes', nodes: plan.addNodes, edges: plan.addEdges }] },
      { label: 'Ungroup', select: { nodes: added, edges: [] } },
    );
    return added;
  },

  /** A block parameter's default: every instance that does not set it follows (linked copies). */
  setBlockDefault(name: string, param: string, value: ParamValue, session: number): void {
    const block = editorStore.get().doc.blocks?.[name];
    if (!block || !block.params[param]) return;
    const next = { ...block, params: { ...block.params, [param]: { ...block.params[param], default: value } } };
    editor.commit({ kind: 'setBlock', name, block: next }, { label: `Set ${name}.${param}`, mergeKey: `block:${name}.${param}#${session}` });
  },

  /** Pin edits of the open block, one step each; they return why an edit was refused, or null. Instances follow on write-back (editor.ts). */
  renamePin: (side: PinSide, from: string, to: string) => editOpenBlock(`Rename pin ${from} → ${to}`, (def) => renamePin(def, side, from, to)),
  removePin: (side: PinSide, name: string) => editOpenBlock(`Remove ${SIDE_WORD[side]} pin ${name}`, (def) => removePin(def, side, name)),
  addPin: (side: PinSide, name: string, node: string, port: string) => editOpenBlock(`Add ${SIDE_WORD[side]} pin ${name}`, (def) => addPin(def, side, name, node, port)),

  applyFix(fix: Fix): string | undefined {
    const plan = planFix(editorStore.get().doc, fix);
    if (!plan) return undefined;
    editor.commit(plan.cmd, { label: fix.label, select: plan.select ? { nodes: [plan.select], edges: [] } : undefined });
    return plan.select;
  },

};

/** One edit of the open block's definition as a setBlock command; a refused edit (a bad name, the last output) is its message. */
function editOpenBlock(label: string, edit: (def: BlockDef) => BlockDef): string | null {
  const s = editorStore.get();
  const open = E.openBlockDef(s);
  if (locked) return 'The graph is read-only while training';
  if (!open) return 'Open a block to edit its pins';
  let block: BlockDef;
  try {
    block = edit(open.def);
  } catch (err) {
    if (err instanceof BlockEditError) return err.message;
    throw err;
  }
  // Renaming a pin to its own name: no edit, no empty undo step.
  if (block === open.def) return null;
  const next = E.commit(s, { kind: 'setBlock', name: open.name, block }, { label });
  // A block that passes this output on as its only one would lose it too (pins follow into enclosing blocks).
  const emptied = Object.entries(E.rootDocument(next).blocks ?? {}).find(([, d]) => !d.outputs.length)?.[0];
  if (emptied) return `${emptied} would be left without an output (it passes this one on); give ${emptied} another output pin first`;
  editorStore.set(next);
  return null;
}
