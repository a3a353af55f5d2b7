import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../core/api/contract';
import type { MenuItemOptions } from '../../electron/electronTypes';
import { buildMenuTemplate } from '../../electron/menu';

function flatten(items: MenuItemOptions[]): MenuItemOptions[] {
  return items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
}

describe('native menu', () => {
  for (const isMac of [false, true]) {
    it(`has File/Edit/View/Train/Help with accelerators that reach the renderer (${isMac ? 'macOS' : 'Linux/Windows'})`, () => {
      const sent: MenuCommand[] = [];
      const template = buildMenuTemplate({ isMac, appName: 'Wiregrad', devTools: false, send: (c) => sent.push(c), openConfigFolder: () => {} });
      const top = template.map((t) => t.label?.replace('&', ''));
      expect(top).toEqual([...(isMac ? ['Wiregrad'] : []), 'File', 'Edit', 'View', 'Train', 'Help']);
      const items = flatten(template);
      const byLabel = (l: string) => items.find((i) => i.label === l)!;
      expect(byLabel('Save').accelerator).toBe('CmdOrCtrl+S');
      expect(byLabel('Undo').accelerator).toBe('CmdOrCtrl+Z');
      expect(byLabel('Train').accelerator).toBe('CmdOrCtrl+Enter');
      for (const l of ['New', 'Open…', 'Save', 'Save As…', 'Export…', 'Undo', 'Redo', 'Fit View', 'Train', 'Stop']) byLabel(l).click!();
      expect(sent).toEqual(['new', 'open', 'save', 'saveAs', 'exportOnnx', 'undo', 'redo', 'fitView', 'train', 'stop']);
      // Clipboard stays native so text fields work.
      expect(items.filter((i) => i.role).map((i) => i.role)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste']));
      // No duplicate accelerators.
      const acc = items.map((i) => i.accelerator).filter(Boolean);
      expect(new Set(acc).size).toBe(acc.length);
      expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    });
  }
});
