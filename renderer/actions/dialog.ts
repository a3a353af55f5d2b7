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
  /** A second way out besides the path (Export: "Download" in the browser instead of a path). */
  secondary?: { label: string; choose(): void };
}

let lastPromptId = 0;

export const dialogStore = createStore<PathPrompt | null>(null);

export function askPath(opts: Omit<PathPrompt, 'resolve' | 'id' | 'secondary'>): Promise<string | null> {
  return ask(opts).then((r) => (r && r !== 'secondary' ? r.path : null));
}

/** A path prompt with a second button: resolves with the path, `secondary` when that button was pressed, or null. */
export function ask(opts: Omit<PathPrompt, 'resolve' | 'id' | 'secondary'> & { secondary?: string }): Promise<{ path: string } | 'secondary' | null> {
  dialogStore.get()?.resolve(null);
  return new Promise((resolve) => {
    const close = (r: { path: string } | 'secondary' | null) => {
      dialogStore.set(null);
      resolve(r);
    };
    const { secondary, ...rest } = opts;
    dialogStore.set({
      ...rest,
      id: ++lastPromptId,
      resolve: (path) => close(path && path.trim() ? { path: path.trim() } : null),
      ...(secondary ? { secondary: { label: secondary, choose: () => close('secondary') } } : {}),
    });
  });
}
