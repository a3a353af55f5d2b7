/**
 * An in-app path prompt for shells without native dialogs (web mode): the same flow as
 * a native dialog, as a promise, so file actions read the same in both shells.
 */
import { createStore } from '../store/createStore';

/** A choice shown above the path (Export: the format); an option's extension follows into the path. */
export interface PromptChoice {
  label: string;
  options: { value: string; label: string; extension?: string }[];
  initial: string;
}

export interface PathPrompt {
  title: string;
  /** Button text: "Open", "Save", "Export". */
  action: string;
  initial: string;
  hint?: string;
  /** Distinguishes successive prompts (the dialog starts afresh for each). */
  id: number;
  resolve(path: string | null, choice?: string): void;
  /** A second way out besides the path (Export: "Download" in the browser instead of a path). */
  secondary?: { label: string; choose(choice?: string): void };
  choice?: PromptChoice;
}

let lastPromptId = 0;

export const dialogStore = createStore<PathPrompt | null>(null);

export function askPath(opts: Omit<PathPrompt, 'resolve' | 'id' | 'secondary'>): Promise<string | null> {
  return ask(opts).then((r) => (r && r !== 'secondary' ? r.path : null));
}

/** A path prompt with a second button: resolves with the path, `secondary` when that button was pressed, or null. */
export function ask(opts: Omit<PathPrompt, 'resolve' | 'id' | 'secondary' | 'choice'> & { secondary?: string }): Promise<{ path: string } | 'secondary' | null> {
  return askChoosing(opts).then((r) => (r === null ? null : r.via === 'secondary' ? 'secondary' : { path: r.path }));
}

export type PromptAnswer = { via: 'path'; path: string; choice?: string } | { via: 'secondary'; choice?: string } | null;

/** ask() with the prompt's choice (e.g. the export format) in the answer, whichever button was pressed. */
export function askChoosing(opts: Omit<PathPrompt, 'resolve' | 'id' | 'secondary'> & { secondary?: string }): Promise<PromptAnswer> {
  dialogStore.get()?.resolve(null);
  return new Promise((resolve) => {
    const close = (r: PromptAnswer) => {
      dialogStore.set(null);
      resolve(r);
    };
    const { secondary, ...rest } = opts;
    dialogStore.set({
      ...rest,
      id: ++lastPromptId,
      resolve: (path, choice) => close(path && path.trim() ? { via: 'path', path: path.trim(), ...(choice ? { choice } : {}) } : null),
      ...(secondary ? { secondary: { label: secondary, choose: (choice) => close({ via: 'secondary', ...(choice ? { choice } : {}) }) } } : {}),
    });
  });
}
