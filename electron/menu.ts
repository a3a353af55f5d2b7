/**
 * The native menu, built from the action table (core/ui/actions.ts): labels, groups and
 * accelerators come from there, so the menu cannot disagree with the keyboard or the cheat
 * sheet. Items that act on the graph send their action id to the renderer, which owns the
 * document and its undo history; clipboard and window items use Electron roles so text
 * fields keep their native behaviour. Pure data: testable without Electron.
 *
 * Renderer contract: on 'undo' / 'redo' / 'selectAll' while focus is in a text field,
 * run the native text action (document.execCommand) instead of the graph action, since
 * the accelerator reaches the menu before the page.
 */

import type { MenuCommand } from '../core/api/contract';
import { ACTIONS, ACTION_SECTIONS, type ActionSection } from '../core/ui/actions';
import { keysOf, registrable, toAccelerator } from '../core/ui/keys';
import type { MenuItemOptions, MenuRole } from './electronTypes';

export interface MenuContext {
  isMac: boolean;
  appName: string;
  /** DevTools only in development builds. */
  devTools: boolean;
  send(command: MenuCommand): void;
  openConfigFolder(): void;
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemOptions[] {
  const sep: MenuItemOptions = { type: 'separator' };
  const r = (role: MenuRole): MenuItemOptions => ({ role });

  /** The table's items of one menu, a separator between groups. */
  const section = (id: ActionSection): MenuItemOptions[] => {
    const rows = ACTIONS.filter((a) => a.section === id && a.menuGroup !== undefined && !(ctx.isMac && a.id === 'about'));
    const out: MenuItemOptions[] = [];
    rows.forEach((a, i) => {
      if (i > 0 && a.menuGroup !== rows[i - 1].menuGroup) out.push(sep);
      out.push(item(a));
    });
    return out;
  };
  const item = (a: (typeof ACTIONS)[number]): MenuItemOptions => {
    if (a.menuRole) return { role: a.menuRole };
    const [first] = keysOf(a, ctx.isMac);
    const base: MenuItemOptions = { label: a.label, click: () => ctx.send(a.id as MenuCommand) };
    if (!first) return base;
    // Plain keys (F, L, Delete) belong to the page, which skips them in text fields: show them, never grab them.
    // macOS cannot show an accelerator without registering it, so there the cheat sheet shows them.
    if (registrable(first)) return { ...base, accelerator: toAccelerator(first) };
    return ctx.isMac ? base : { ...base, accelerator: toAccelerator(first), registerAccelerator: false };
  };

  const appMenu: MenuItemOptions[] = ctx.isMac
    ? [
        {
          label: ctx.appName,
          submenu: [{ label: `About ${ctx.appName}`, click: () => ctx.send('about') }, sep, r('services'), sep, r('hide'), r('hideOthers'), r('unhide'), sep, r('quit')],
        },
      ]
    : [];
  const extras: Partial<Record<ActionSection, MenuItemOptions[]>> = {
    file: [sep, { label: 'Show Config Folder', click: ctx.openConfigFolder }, ...(ctx.isMac ? [] : [sep, r('quit')])],
    view: [sep, r('togglefullscreen'), ...(ctx.devTools ? [r('reload'), r('toggleDevTools')] : [])],
  };

  return [
    ...appMenu,
    ...ACTION_SECTIONS.filter((s) => s.menu).map((s) => ({
      label: s.menu!,
      ...(s.id === 'help' ? { role: 'help' as MenuRole } : {}),
      submenu: [...section(s.id), ...(extras[s.id] ?? [])],
    })),
  ];
}
