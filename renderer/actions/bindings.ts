/**
 * What each row of the action table (core/ui/actions.ts) does in the renderer, and when it
 * is enabled. The record is keyed by every action id, so a row without a binding does not
 * compile. Keys, the native menu, context menus, buttons and the cheat sheet all run
 * actions through here.
 */
import type { Position } from '../../core/graph/document';
import { ACTIONS, type ActionContext, type ActionId, type ActionSection } from '../../core/ui/actions';
import { editor, editorStore } from '../store/editorStore';
import { canvas, requestFit } from '../canvas/controller';
import { ui, uiStore } from '../store/uiStore';
import { runStore, train, stop } from '../training/runStore';
import { isActive } from '../training/runState';
import { newProject, open, openOnnx, save, saveAs, exportOnnx } from './files';
import { sessionStore } from './session';
import { autoLayoutGraph, focusPaletteSearch, placementContext, revealAdded } from './edit';
import { clipToText } from '../store/clipboard';
import { LABEL_FIELD_ID } from '../inspector/NodeInspector';
import { askMakeBlock } from '../blocks/makeBlockStore';
import { importBlockFile } from '../blocks/library';
import { layerDef } from '../store/layerLookup';
import { pinOf } from '../canvas/pins';
import { focusPinField } from '../blocks/PinsSection';

/** What an action was invoked on: a context menu's node, edge or click point. */
export interface ActionTarget {
  /** Flow position (a context menu's click point). */
  at?: Position;
  /** Client pixels, for popups the action opens. */
  screen?: Position;
  nodeId?: string;
  edgeId?: string;
}

export interface ActionBinding {
  run(t: ActionTarget): void | Promise<unknown>;
  enabled?(t: ActionTarget): boolean;
}

const editable = () => !isActive(runStore.get());
const hasNodes = () => editorStore.get().selection.nodes.length > 0;
const hasSelection = () => {
  const s = editorStore.get().selection;
  return s.nodes.length + s.edges.length > 0;
};
/** The block instance an action is for: the context menu's node, else the one selected node. */
const instanceOf = (t: ActionTarget): string | undefined => {
  const { doc, selection } = editorStore.get();
  const id = t.nodeId ?? (selection.nodes.length === 1 ? selection.nodes[0] : undefined);
  const node = id ? doc.nodes.find((n) => n.id === id) : undefined;
  return node && layerDef(node.type, doc)?.category === 'block' ? node.id : undefined;
};
const connected = () => uiStore.get().backend === 'connected';
/** The open block's pin an action is for (a context menu on a pin node). */
const pinTarget = (t: ActionTarget) => (editorStore.get().scope.length ? pinOf(t.nodeId) : null);

/** Where a popup opened from the keyboard appears: at the pointer over the canvas, else the view's centre. */
function popupPoint(t: ActionTarget): { screen: Position; at?: Position } {
  const c = canvas();
  const at = t.at ?? c?.pointer() ?? undefined;
  if (t.screen) return { screen: t.screen, at };
  if (at && c) return { screen: c.flowToScreen(at), at };
  const centre = c?.viewCenter();
  return { screen: centre && c ? c.flowToScreen(centre) : { x: window.innerWidth / 2, y: window.innerHeight / 3 }, at: centre };
}

function writeSystemClipboard(text: string): void {
  // Best effort: the in-app clipboard already holds the clip; the system one lets it reach another window.
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

export const BINDINGS: Record<ActionId, ActionBinding> = {
  new: { run: newProject },
  open: { run: () => open() },
  openOnnx: { run: () => openOnnx(), enabled: () => connected() && editable() },
  save: { run: () => save() },
  saveAs: { run: () => saveAs() },
  importBlock: { run: () => importBlockFile(), enabled: () => connected() && editable() },
  exportOnnx: { run: () => exportOnnx(), enabled: () => connected() && editable() },

  undo: { run: () => void editor.undo(), enabled: () => editable() && editorStore.get().history.past.length > 0 },
  redo: { run: () => void editor.redo(), enabled: () => editable() && editorStore.get().history.future.length > 0 },
  cut: {
    run: () => {
      const clip = editor.copy();
      if (clip) writeSystemClipboard(clipToText(clip));
      editor.deleteSelection();
    },
    enabled: () => editable() && hasNodes(),
  },
  copy: {
    run: () => {
      const clip = editor.copy();
      if (clip) writeSystemClipboard(clipToText(clip));
    },
    enabled: hasNodes,
  },
  paste: { run: (t) => revealAdded(editor.paste(undefined, { at: t.at ?? canvas()?.pointer(), ...placementContext() })), enabled: editable },
  duplicate: { run: () => revealAdded(editor.duplicate(placementContext())), enabled: () => editable() && hasNodes() },
  delete: { run: () => editor.deleteSelection(), enabled: () => editable() && hasSelection() },
  selectAll: { run: () => editor.selectAll() },
  makeBlock: { run: (t) => askMakeBlock(t.nodeId && !hasNodes() ? [t.nodeId] : editorStore.get().selection.nodes), enabled: (t) => editable() && (hasNodes() || !!t.nodeId) },
  ungroup: { run: (t) => revealAdded(editor.ungroup(instanceOf(t)!)), enabled: (t) => editable() && !!instanceOf(t) },
  // Another graph on the canvas: frame it once its nodes are measured, as when a document opens.
  openBlock: { run: (t) => (requestFit(true), editor.openBlock(instanceOf(t)!)), enabled: (t) => editable() && !!instanceOf(t) },
  // The Pins section shows with nothing selected; its name field is where a pin is renamed.
  renamePin: {
    run: (t) => {
      const pin = pinTarget(t)!;
      editor.clearSelection();
      focusPinField(pin.side, pin.name);
    },
    enabled: (t) => editable() && !!pinTarget(t),
  },
  removePin: {
    run: (t) => {
      const pin = pinTarget(t)!;
      const refused = editor.removePin(pin.side, pin.name);
      if (refused) ui.toast('error', refused);
    },
    enabled: (t) => editable() && !!pinTarget(t),
  },
  closeBlock: { run: () => (requestFit(true), editor.closeBlock()), enabled: () => editorStore.get().scope.length > 0 },
  clearSelection: { run: () => (uiStore.get().quickAdd || uiStore.get().contextMenu ? (ui.closeQuickAdd(), ui.closeContextMenu()) : editor.clearSelection()) },

  addLayer: {
    run: (t) => {
      const { screen, at } = popupPoint(t);
      const sel = editorStore.get().selection.nodes;
      // From a node's context menu, or with layers selected and no point chosen: the new layer goes after them.
      const after = t.nodeId ? [t.nodeId] : sel.length && !t.at ? sel : undefined;
      ui.openQuickAdd({ screen, at: after ? undefined : at, after });
    },
    enabled: editable,
  },
  insertLayer: {
    run: (t) => {
      const edgeId = t.edgeId ?? editorStore.get().selection.edges[0];
      if (edgeId) ui.openQuickAdd({ ...popupPoint(t), intoEdge: edgeId });
    },
    enabled: (t) => editable() && !!(t.edgeId ?? editorStore.get().selection.edges[0]),
  },
  contextMenu: {
    run: () => {
      const { doc, selection } = editorStore.get();
      const c = canvas();
      if (!c) return;
      const node = selection.nodes.length ? doc.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
      const edge = !node && selection.edges.length ? doc.edges.find((e) => e.id === selection.edges[0]) : undefined;
      const ends = edge ? [edge.from.node, edge.to.node].map((id) => doc.nodes.find((n) => n.id === id)!.position) : [];
      // Next to what it acts on: the layer's header, the wire's middle, else the pointer or the view's centre.
      const at = node ? { x: node.position.x + 24, y: node.position.y + 28 } : edge ? { x: (ends[0].x + ends[1].x) / 2 + 150, y: (ends[0].y + ends[1].y) / 2 + 40 } : (c.pointer() ?? c.viewCenter());
      const many = selection.nodes.length + selection.edges.length > 1;
      const context = many ? 'selection' : node ? 'node' : edge ? 'edge' : 'canvas';
      ui.openContextMenu({ screen: c.flowToScreen(at), at, context, nodeId: node?.id, edgeId: edge?.id });
    },
  },
  rename: {
    run: (t) => {
      const id = t.nodeId ?? editorStore.get().selection.nodes[0];
      if (!id) return;
      editor.select([id]);
      requestAnimationFrame(() => (document.getElementById(LABEL_FIELD_ID) as HTMLInputElement | null)?.select());
    },
    enabled: (t) => editable() && (!!t.nodeId || editorStore.get().selection.nodes.length === 1),
  },
  focusPalette: { run: focusPaletteSearch },

  fitView: { run: () => canvas()?.fitView() },
  zoomIn: { run: () => canvas()?.zoomIn() },
  zoomOut: { run: () => canvas()?.zoomOut() },
  autoLayout: { run: () => autoLayoutGraph(), enabled: () => editable() && editorStore.get().doc.nodes.length > 0 },
  toggleMinimap: { run: () => uiStore.set((s) => ({ ...s, minimap: !s.minimap })) },
  toggleDock: { run: () => ui.toggleDock() },

  train: { run: () => train(), enabled: () => connected() && editable() },
  stop: { run: () => stop(), enabled: () => isActive(runStore.get()) },

  shortcuts: { run: () => ui.setCheatSheet(!uiStore.get().cheatSheet) },
  about: {
    run: () => {
      const info = sessionStore.get().info;
      ui.toast('info', `Wiregrad ${info?.version ?? ''}${info ? ` · ${info.shell} on ${info.platform}` : ''}`);
    },
  },
};

export function isEnabled(id: ActionId, t: ActionTarget = {}): boolean {
  return BINDINGS[id].enabled?.(t) ?? true;
}

export function runAction(id: ActionId, t: ActionTarget = {}): void {
  if (!isEnabled(id, t)) return;
  void BINDINGS[id].run(t);
}

/**
 * Electron may deliver one keystroke twice, once as a page keydown and once as the native
 * menu's accelerator. The same action from the *other* source within a keystroke's time
 * is that same keystroke; repeats from one source (holding Ctrl+Z) all count.
 */
let last: { action: string; source: 'key' | 'menu'; at: number } | null = null;

export function runActionFrom(source: 'key' | 'menu', action: ActionId, now = performance.now()): void {
  if (last && last.action === action && last.source !== source && now - last.at < 100) return;
  last = { action, source, at: now };
  runAction(action);
}

/** In a context menu, what makes things comes first, then editing, then the view; table order within each. */
const CONTEXT_ORDER: ActionSection[] = ['canvas', 'edit', 'view'];

/** The rows a context menu on `context` lists (the "blocks" actions join by adding rows to the table). */
export function contextActions(context: ActionContext): ActionId[] {
  const rank = (s: ActionSection) => (CONTEXT_ORDER.includes(s) ? CONTEXT_ORDER.indexOf(s) : CONTEXT_ORDER.length);
  return ACTIONS.filter((a) => (a.contexts as readonly ActionContext[] | undefined)?.includes(context))
    .sort((a, b) => rank(a.section) - rank(b.section))
    .map((a) => a.id);
}
