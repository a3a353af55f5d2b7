/**
 * One action table (core/ui/actions.ts) feeds the keyboard, the native menu, the context
 * menus, tooltips and the cheat sheet. These tests fail when any of them disagree with it,
 * or when a second table of keys appears somewhere in the UI code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, MENU_ACTIONS, actionSpec, type ActionId } from '../../core/ui/actions';
import { actionTooltip, formatKey, keysOf, parseChord, registrable, toAccelerator } from '../../core/ui/keys';
import { cheatSheet } from '../../core/ui/cheatSheet';
import { MENU_COMMANDS } from '../../core/api/contract';
import { shortcutFor, type KeyInput } from '../../renderer/shortcuts';
import { buildMenuTemplate } from '../../electron/menu';
import type { MenuItemOptions } from '../../electron/electronTypes';

/** The KeyboardEvent a user's key combo produces. */
function eventFor(spec: string, isMac: boolean, inTextField = false): KeyInput {
  const c = parseChord(spec);
  const key = c.key.length === 1 && c.shift && /[a-z]/.test(c.key) ? c.key.toUpperCase() : c.key;
  return {
    key,
    ctrlKey: c.ctrl || (c.mod && !isMac),
    metaKey: c.mod && isMac,
    // `?` is typed with Shift on most layouts: the event carries it.
    shiftKey: c.shift || key === '?',
    altKey: c.alt,
    inTextField,
    isMac,
  };
}

function flatten(items: MenuItemOptions[]): MenuItemOptions[] {
  return items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
}

const PLATFORMS = [false, true];

describe('the action table', () => {
  it('has unique ids and parsable keys, and Fit View is F everywhere', () => {
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) for (const isMac of PLATFORMS) for (const k of keysOf(a, isMac)) expect(() => parseChord(k)).not.toThrow();
    expect(keysOf(actionSpec('fitView'), false)).toEqual(['F']);
  });

  for (const isMac of PLATFORMS) {
    it(`no two actions share a key combo (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const seen = new Map<string, ActionId>();
      for (const a of ACTIONS) {
        for (const k of keysOf(a, isMac)) {
          const c = parseChord(k);
          const norm = JSON.stringify(c);
          expect(seen.get(norm), `${k} of ${a.id}`).toBeUndefined();
          seen.set(norm, a.id);
        }
      }
    });

    it(`every key of every action reaches that action (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      for (const a of ACTIONS) for (const k of keysOf(a, isMac)) expect(shortcutFor(eventFor(k, isMac)), `${k}`).toBe(a.id);
    });

    it(`in a text field only global actions with a modifier or function key fire (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      for (const a of ACTIONS) {
        for (const k of keysOf(a, isMac)) {
          const c = parseChord(k);
          const plain = c.key.length === 1 && !c.mod && !c.ctrl && !c.alt;
          const expected = 'global' in a && a.global && !plain ? a.id : null;
          expect(shortcutFor(eventFor(k, isMac, true)), `${k} in a field`).toBe(expected);
        }
      }
    });

    it(`the native menu is the table: labels, accelerators, clicks (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const sent: string[] = [];
      const items = flatten(buildMenuTemplate({ isMac, appName: 'Wiregrad', devTools: false, send: (c) => sent.push(c), openConfigFolder: () => {} }));
      for (const id of MENU_ACTIONS) {
        const a = actionSpec(id);
        if (a.menuRole) {
          expect(items.some((i) => i.role === a.menuRole), id).toBe(true);
          continue;
        }
        const item = items.find((i) => i.label === a.label || (id === 'about' && i.label === 'About Wiregrad'));
        expect(item, id).toBeDefined();
        const [first] = keysOf(a, isMac);
        if (!first) expect(item!.accelerator, id).toBeUndefined();
        else if (registrable(first)) expect(item!.accelerator, id).toBe(toAccelerator(first));
        else if (isMac) expect(item!.accelerator, id).toBeUndefined();
        else {
          expect(item!.accelerator, id).toBe(toAccelerator(first));
          // Shown, never grabbed: the key still reaches text fields.
          expect(item!.registerAccelerator, id).toBe(false);
        }
        sent.length = 0;
        item!.click!();
        expect(sent, id).toEqual([id]);
      }
      // Nothing in the menu sends a command the table does not have.
      const commands = new Set<string>(ACTIONS.map((a) => a.id));
      for (const i of items.filter((x) => x.click && x.label !== 'Show Config Folder')) {
        sent.length = 0;
        i.click!();
        for (const c of sent) expect(commands.has(c), c).toBe(true);
      }
      expect(MENU_COMMANDS).toEqual(MENU_ACTIONS);
    });

    it(`the cheat sheet lists exactly the actions with keys (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const rows = cheatSheet(isMac).flatMap((s) => s.rows);
      const withKeys = ACTIONS.filter((a) => keysOf(a, isMac).length).map((a) => a.id);
      expect(rows.map((r) => r.id)).toEqual(withKeys);
      for (const r of rows) expect(r.keys).toEqual(keysOf(actionSpec(r.id), isMac).map((k) => formatKey(k, isMac)));
    });
  }

  it('tooltips and labels read the platform notation', () => {
    expect(actionTooltip('undo', false)).toBe('Undo (Ctrl+Z)');
    expect(actionTooltip('undo', true)).toBe('Undo (⌘Z)');
    expect(actionTooltip('redo', false)).toBe('Redo (Ctrl+Shift+Z)');
    expect(actionTooltip('fitView', true)).toBe('Fit View (F)');
    expect(actionTooltip('train', true)).toBe('Train (⌘↩)');
    expect(actionTooltip('about', false)).toBe('About Wiregrad');
  });
});

/** Key names that only a second key table would spell: the UI must get them from the action table. */
const KEY_LITERAL = /['"`(](?:CmdOrCtrl|Ctrl|Cmd|Mod|⌘)\+[A-Za-z0-9=.\-/]|\((?:[A-Z]|Del|Esc|F\d)\)['"`]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

describe('no second key table', () => {
  for (const file of [...sources('renderer'), ...sources('electron')]) {
    it(`${file} spells no key combos of its own`, () => {
      const hits = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l) && KEY_LITERAL.test(l));
      expect(hits).toEqual([]);
    });
  }
});
