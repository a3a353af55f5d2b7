/**
 * An in-app path prompt for shells without native dialogs (web mode): the same flow as
 * a native dialog, as a promise, so file actions read the same in both shells.
 */
import { createStore } from '../store/createStore';

export interface PathPrompt {
  title: string;
  /** Button text: "Open", "Save", "Export". */
  action: string;
  initial: string;
  hint?: string;
  /** Distinguishes successive prompts (the dialog starts afresh for each). */
  id: number;
  resolve(path: string | null): void;
}

let lastPromptId = 0;

export const dialogStore = createStore<PathPrompt | null>(null);

export function askPath(opts: Omit<PathPrompt, 'resolve' | 'id'>): Promise<string | null> {
  dialogStore.get()?.resolve(null);
  return new Promise((resolve) => {
    dialogStore.set({
      ...opts,
      id: ++lastPromptId,
      resolve: (path) => {
        dialogStore.set(null);
        resolve(path && path.trim() ? path.trim() : null);
      },
    });
  });
}
