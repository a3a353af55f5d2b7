/**
 * The native menu. Items that act on the graph send a MenuCommand to the renderer, which
 * owns the document and its undo history; clipboard and window items use Electron roles
 * so text fields keep their native behaviour. Pure data: testable without Electron.
 *
 * Renderer contract: on 'undo' / 'redo' / 'selectAll' while focus is in a text field,
 * run the native text action (document.execCommand) instead of the graph action, since
 * the accelerator reaches the menu before the page.
 */

import type { MenuCommand } from '../core/api/contract';
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
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(command),
  });
  const sep: MenuItemOptions = { type: 'separator' };
  const r = (role: MenuRole): MenuItemOptions => ({ role });

  const appMenu: MenuItemOptions[] = ctx.isMac
    ? [
        {
          label: ctx.appName,
          submenu: [cmd(`About ${ctx.appName}`, 'about'), sep, r('services'), sep, r('hide'), r('hideOthers'), r('unhide'), sep, r('quit')],
        },
      ]
    : [];

  return [
    ...appMenu,
    {
      label: '&File',
      submenu: [
        cmd('New', 'new', 'CmdOrCtrl+N'),
        cmd('Open…', 'open', 'CmdOrCtrl+O'),
        sep,
        cmd('Save', 'save', 'CmdOrCtrl+S'),
        cmd('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        sep,
        cmd('Export ONNX…', 'exportOnnx', 'CmdOrCtrl+E'),
        sep,
        { label: 'Show Config Folder', click: ctx.openConfigFolder },
        ...(ctx.isMac ? [] : [sep, r('quit')]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        cmd('Undo', 'undo', 'CmdOrCtrl+Z'),
        cmd('Redo', 'redo', ctx.isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        sep,
        r('cut'),
        r('copy'),
        r('paste'),
        cmd('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
        // No Delete accelerator: it would swallow the key in text fields; the canvas binds it.
        cmd('Delete', 'delete'),
        cmd('Select All', 'selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        cmd('Fit View', 'fitView', 'CmdOrCtrl+0'),
        cmd('Zoom In', 'zoomIn', 'CmdOrCtrl+='),
        cmd('Zoom Out', 'zoomOut', 'CmdOrCtrl+-'),
        sep,
        cmd('Auto Layout', 'autoLayout', 'CmdOrCtrl+L'),
        cmd('Toggle Minimap', 'toggleMinimap', 'CmdOrCtrl+Shift+M'),
        sep,
        r('togglefullscreen'),
        ...(ctx.devTools ? [r('reload'), r('toggleDevTools')] : []),
      ],
    },
    {
      label: '&Train',
      submenu: [cmd('Train', 'train', 'CmdOrCtrl+Enter'), cmd('Stop', 'stop', 'CmdOrCtrl+.')],
    },
    {
      label: '&Help',
      role: 'help' as MenuRole,
      submenu: [cmd(`About ${ctx.appName}`, 'about')],
    },
  ];
}
