/**
 * Keyboard shortcuts as a pure mapping from a key event to an action name, so the
 * mapping is testable and the same table can feed menus and tooltips.
 */
export type ShortcutAction =
  | 'delete'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'selectAll'
  | 'new'
  | 'open'
  | 'save'
  | 'saveAs'
  | 'train'
  | 'fitView'
  | 'autoLayout'
  | 'focusPalette'
  | 'clearSelection';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Focus is in an input, textarea, select or contenteditable: plain keys belong to it. */
  inTextField: boolean;
  isMac: boolean;
}

/** Document-level actions that stay available while typing in a field. */
const GLOBAL_IN_FIELDS = new Set<ShortcutAction>(['new', 'open', 'save', 'saveAs', 'train', 'focusPalette']);

export function shortcutFor(e: KeyInput): ShortcutAction | null {
  const action = match(e);
  if (action && e.inTextField && !GLOBAL_IN_FIELDS.has(action)) return null;
  // `/` focuses search only from outside a field; in a field it is a character.
  if (action === 'focusPalette' && e.inTextField && e.key === '/') return null;
  return action;
}

function match(e: KeyInput): ShortcutAction | null {
  const mod = e.isMac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.altKey) return null;
  if (mod) {
    switch (key) {
      case 'z':
        return e.shiftKey ? 'redo' : 'undo';
      case 'y':
        return e.isMac || e.shiftKey ? null : 'redo';
      case 'c':
        return e.shiftKey ? null : 'copy';
      case 'v':
        return e.shiftKey ? null : 'paste';
      case 'd':
        return e.shiftKey ? null : 'duplicate';
      case 'a':
        return e.shiftKey ? null : 'selectAll';
      case 'n':
        return e.shiftKey ? null : 'new';
      case 'o':
        return e.shiftKey ? null : 'open';
      case 's':
        return e.shiftKey ? 'saveAs' : 'save';
      case 'Enter':
        return 'train';
      case 'k':
        return 'focusPalette';
      default:
        return null;
    }
  }
  // Ctrl on a Mac is not the command key: leave Ctrl+letter to the system there.
  if (e.ctrlKey || e.metaKey) return null;
  switch (key) {
    case 'Delete':
    case 'Backspace':
      return 'delete';
    case 'f':
      return e.shiftKey ? null : 'fitView';
    case 'l':
      return e.shiftKey ? null : 'autoLayout';
    case '/':
      return 'focusPalette';
    case 'Escape':
      return 'clearSelection';
    default:
      return null;
  }
}

/** Human-readable accelerator for tooltips: "Ctrl+Shift+Z" or "⌘⇧Z". */
export function describeShortcut(action: ShortcutAction, isMac: boolean): string {
  const table: Record<ShortcutAction, string> = {
    delete: 'Del',
    undo: 'Mod+Z',
    redo: 'Mod+Shift+Z',
    copy: 'Mod+C',
    paste: 'Mod+V',
    duplicate: 'Mod+D',
    selectAll: 'Mod+A',
    new: 'Mod+N',
    open: 'Mod+O',
    save: 'Mod+S',
    saveAs: 'Mod+Shift+S',
    train: 'Mod+Enter',
    fitView: 'F',
    autoLayout: 'L',
    focusPalette: 'Mod+K',
    clearSelection: 'Esc',
  };
  const s = table[action];
  return isMac ? s.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Enter', '↩') : s.replace('Mod+', 'Ctrl+');
}
