/** UI state: which screen, which dock tab, transient notices, open popups. Never saved with the document. */
import type { PortRef, Position } from '../../core/graph/document';
import type { ActionContext } from '../../core/ui/actions';
import { createStore } from './createStore';

export type DockTab = 'problems' | 'training' | 'evaluation' | 'runs' | 'log';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

export interface LogLine {
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** The layer search opened on the canvas (double-click, a dropped wire, Add/Insert Layer…). */
export interface QuickAddRequest {
  /** Where to show it, in client pixels. */
  screen: Position;
  /** Where the new layer goes, in flow coordinates; absent: after the selection. */
  at?: Position;
  from?: PortRef;
  to?: PortRef;
  intoEdge?: string;
  /** Wire the new layer after these (the selection when it opened). */
  after?: string[];
}

export interface ContextMenuRequest {
  screen: Position;
  /** Flow position of the click: where "Add Layer…" and "Paste" put things. */
  at: Position;
  context: ActionContext;
  nodeId?: string;
  edgeId?: string;
}

export interface UiState {
  screen: 'start' | 'editor';
  dockOpen: boolean;
  dockTab: DockTab;
  dockHeight: number;
  /** New test results the user has not looked at yet (a dot on the Evaluation tab). */
  evaluationUnseen: boolean;
  minimap: boolean;
  toasts: Toast[];
  log: LogLine[];
  /** Backend reachable? 'offline': none at all (a static preview); 'disconnected': it was there and went away. */
  backend: 'connected' | 'offline' | 'disconnected';
  quickAdd: QuickAddRequest | null;
  contextMenu: ContextMenuRequest | null;
  cheatSheet: boolean;
  /** Layers to flash for a moment (the old source of a replaced wire). */
  flash: { nodeIds: string[]; id: number } | null;
}

export const uiStore = createStore<UiState>({
  screen: 'start',
  dockOpen: true,
  dockTab: 'problems',
  dockHeight: 300,
  evaluationUnseen: false,
  minimap: true,
  toasts: [],
  log: [],
  backend: 'offline',
  quickAdd: null,
  contextMenu: null,
  cheatSheet: false,
  flash: null,
});

let toastId = 0;

export const ui = {
  showDock(tab: DockTab): void {
    uiStore.set((s) => ({ ...s, dockOpen: true, dockTab: tab, evaluationUnseen: tab === 'evaluation' ? false : s.evaluationUnseen }));
  },
  toggleDock(): void {
    uiStore.set((s) => ({ ...s, dockOpen: !s.dockOpen }));
  },
  toast(kind: Toast['kind'], text: string): void {
    const id = ++toastId;
    uiStore.set((s) => ({ ...s, toasts: [...s.toasts.slice(-2), { id, kind, text }] }));
    setTimeout(() => ui.dismissToast(id), kind === 'error' ? 8000 : 4000);
  },
  dismissToast(id: number): void {
    uiStore.set((s) => ({ ...s, toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  log(level: LogLine['level'], text: string): void {
    uiStore.set((s) => ({ ...s, log: [...s.log.slice(-999), { at: Date.now(), level, text }] }));
  },
  setScreen(screen: UiState['screen']): void {
    uiStore.set((s) => ({ ...s, screen, quickAdd: null, contextMenu: null }));
  },
  openQuickAdd(req: QuickAddRequest): void {
    uiStore.set((s) => ({ ...s, quickAdd: req, contextMenu: null }));
  },
  closeQuickAdd(): void {
    uiStore.set((s) => (s.quickAdd ? { ...s, quickAdd: null } : s));
  },
  openContextMenu(req: ContextMenuRequest): void {
    uiStore.set((s) => ({ ...s, contextMenu: req, quickAdd: null }));
  },
  closeContextMenu(): void {
    uiStore.set((s) => (s.contextMenu ? { ...s, contextMenu: null } : s));
  },
  setCheatSheet(open: boolean): void {
    uiStore.set((s) => ({ ...s, cheatSheet: open }));
  },
  flashNodes(nodeIds: string[], ms = 1600): void {
    const id = ++toastId;
    uiStore.set((s) => ({ ...s, flash: { nodeIds, id } }));
    setTimeout(() => uiStore.set((s) => (s.flash?.id === id ? { ...s, flash: null } : s)), ms);
  },
};
