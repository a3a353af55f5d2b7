/**
 * Key combos of the action table (actions.ts) as data: parsed once, shown in the platform's
 * own notation (`Ctrl+Shift+Z`, `⌘⇧Z`), and turned into Electron accelerators. Pure.
 */
import { ACTIONS, type ActionId, type ActionSpec, type KeySpec } from './actions';

export interface Chord {
  /** ⌘ on macOS, Ctrl elsewhere. */
  mod: boolean;
  /** The real Control key (Windows/Linux-only combos such as Ctrl+Y). */
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  /** KeyboardEvent.key, lower case for single characters: `z`, `?`, `Enter`, `F1`. */
  key: string;
}

export function parseChord(spec: string): Chord {
  const parts = spec.split('+');
  // A trailing "+" would be the plus key itself; the table avoids it (write `Mod+=`).
  const key = parts.pop()!;
  const has = (m: string) => parts.includes(m);
  for (const p of parts) if (!['Mod', 'Ctrl', 'Shift', 'Alt'].includes(p)) throw new Error(`Unknown modifier "${p}" in key "${spec}"`);
  return { mod: has('Mod'), ctrl: has('Ctrl'), shift: has('Shift'), alt: has('Alt'), key: key.length === 1 ? key.toLowerCase() : key };
}

function applies(k: KeySpec, isMac: boolean): string | null {
  if (typeof k === 'string') return k;
  return (k.only === 'mac') === isMac ? k.key : null;
}

/** The key combos of an action on this platform, first = the one shown. */
export function keysOf(a: Pick<ActionSpec, 'keys'>, isMac: boolean): string[] {
  return (a.keys ?? []).map((k) => applies(k, isMac)).filter((k): k is string => k !== null);
}

/** A plain character, typed into fields: Shift may be part of it (`?` is Shift+/ on most layouts). */
export function isPrintable(c: Chord): boolean {
  return c.key.length === 1 && !c.mod && !c.ctrl && !c.alt;
}

/** Punctuation carries its Shift in the character itself, so Shift is not compared for it. */
export function shiftImplied(key: string): boolean {
  return key.length === 1 && !/[a-z0-9]/.test(key);
}

const MAC_SYMBOLS: Record<string, string> = { Mod: '⌘', Ctrl: '⌃', Shift: '⇧', Alt: '⌥' };
const KEY_NAMES: Record<string, [other: string, mac: string]> = {
  Enter: ['Enter', '↩'],
  Delete: ['Del', '⌦'],
  Backspace: ['Backspace', '⌫'],
  Escape: ['Esc', 'Esc'],
};

/** `Mod+Shift+Z` as the platform writes it: `Ctrl+Shift+Z` or `⌘⇧Z`. */
export function formatKey(spec: string, isMac: boolean): string {
  const parts = spec.split('+');
  const key = parts.pop()!;
  const name = KEY_NAMES[key]?.[isMac ? 1 : 0] ?? (key.length === 1 ? key.toUpperCase() : key);
  if (isMac) return parts.map((p) => MAC_SYMBOLS[p]).join('') + name;
  return [...parts.map((p) => (p === 'Mod' ? 'Ctrl' : p)), name].join('+');
}

/** `Undo (Ctrl+Z)`: the label a button's tooltip shows. */
export function actionTooltip(id: ActionId, isMac: boolean, label?: string): string {
  const a = ACTIONS.find((x) => x.id === id)!;
  const [first] = keysOf(a, isMac);
  const text = label ?? a.label.replace(/…$/, '');
  return first ? `${text} (${formatKey(first, isMac)})` : text;
}

/** Electron accelerator syntax: `CmdOrCtrl+Shift+Z`. */
export function toAccelerator(spec: string): string {
  const parts = spec.split('+');
  const key = parts.pop()!;
  return [...parts.map((p) => (p === 'Mod' ? 'CmdOrCtrl' : p)), key.length === 1 ? key.toUpperCase() : key].join('+');
}

/**
 * May the native menu own this combo? A plain key (F, L, Delete, ?) registered as an
 * accelerator would be swallowed before it reaches a text field; function keys and
 * combos with a modifier are never typed text.
 */
export function registrable(spec: string): boolean {
  const c = parseChord(spec);
  return c.mod || c.ctrl || c.alt || /^F\d{1,2}$/.test(c.key);
}
