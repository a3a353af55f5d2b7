/** The `?` / F1 cheat sheet as data: every action of the table that has keys, by section. */
import { ACTIONS, ACTION_SECTIONS, type ActionId } from './actions';
import { formatKey, keysOf } from './keys';

export interface CheatRow {
  id: ActionId;
  label: string;
  hint: string;
  /** As this platform writes them: `Ctrl+Shift+Z`, `⌘⇧Z`. */
  keys: string[];
}

export function cheatSheet(isMac: boolean): { title: string; rows: CheatRow[] }[] {
  return ACTION_SECTIONS.map((s) => ({
    title: s.title,
    rows: ACTIONS.filter((a) => a.section === s.id && keysOf(a, isMac).length).map((a) => ({
      id: a.id,
      label: a.label.replace(/…$/, ''),
      hint: a.hint,
      keys: keysOf(a, isMac).map((k) => formatKey(k, isMac)),
    })),
  })).filter((s) => s.rows.length);
}
