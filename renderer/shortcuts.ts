/**
 * Keyboard shortcuts: a pure mapping from a key event to an action id, read from the one
 * action table (core/ui/actions.ts), so keys, menus, tooltips and the cheat sheet agree.
 */
import { ACTIONS, type ActionId } from '../core/ui/actions';
import { isPrintable, keysOf, parseChord, shiftImplied, type Chord } from '../core/ui/keys';

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

interface Binding {
  chord: Chord;
  action: ActionId;
  global: boolean;
}

const compiled = new Map<boolean, Binding[]>();

function bindings(isMac: boolean): Binding[] {
  let list = compiled.get(isMac);
  if (!list) {
    list = ACTIONS.flatMap((a) => keysOf(a, isMac).map((k) => ({ chord: parseChord(k), action: a.id, global: 'global' in a && !!a.global })));
    compiled.set(isMac, list);
  }
  return list;
}

function matches(c: Chord, e: KeyInput): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key !== c.key) return false;
  // Mod is ⌘ on a Mac and Ctrl elsewhere; Ctrl on a Mac is not the command key, so Ctrl+letter stays the system's there.
  const wantCtrl = c.ctrl || (c.mod && !e.isMac);
  const wantMeta = c.mod && e.isMac;
  if (e.ctrlKey !== wantCtrl || e.metaKey !== wantMeta || e.altKey !== c.alt) return false;
  return shiftImplied(key) || e.shiftKey === c.shift;
}

export function shortcutFor(e: KeyInput): ActionId | null {
  for (const b of bindings(e.isMac)) {
    if (!matches(b.chord, e)) continue;
    // In a field, plain keys are text and editing combos (Ctrl+Z, Ctrl+A) are the field's own.
    if (e.inTextField && (!b.global || isPrintable(b.chord))) return null;
    return b.action;
  }
  return null;
}
