/** UI state: which screen, which dock tab, transient notices. Never saved with the document. */
import { createStore } from './createStore';

export type DockTab = 'problems' | 'training' | 'evaluation' | 'log';

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
  lastSavedAt: number | null;
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
  lastSavedAt: null,
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
    uiStore.set((s) => ({ ...s, screen }));
  },
};
