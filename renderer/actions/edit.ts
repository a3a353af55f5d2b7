/** Editor actions shared by shortcuts, menus, toolbar buttons and the palette. */
import { editor, editorStore } from '../store/editorStore';
import { canvas } from '../canvas/controller';
import { autoLayout } from '../canvas/layout';
import { freeSpot } from '../canvas/placement';
import type { ShortcutAction } from '../shortcuts';
import type { MenuCommand } from '../../core/api/contract';
import { newProject, open, save, saveAs, exportOnnx } from './files';
import { train, stop } from '../training/runStore';
import { ui, uiStore } from '../store/uiStore';
import { sessionStore } from './session';

export function addLayerAtCenter(type: string): void {
  const c = canvas()?.viewCenter() ?? { x: 0, y: 0 };
  editor.addLayer(type, freeSpot(editorStore.get().doc, { x: c.x - 95, y: c.y - 45 }, canvas()?.sizes() ?? new Map()));
}

export function autoLayoutGraph(): void {
  const { doc } = editorStore.get();
  if (!doc.nodes.length) return;
  const c = canvas();
  editor.commit({ kind: 'moveNodes', positions: autoLayout(doc, { sizes: c?.sizes(), viewport: c?.viewportSize() }) }, { label: 'Auto-layout' });
  requestAnimationFrame(() => canvas()?.fitView());
}

let focusPalette: () => void = () => undefined;
export function registerPaletteFocus(f: () => void): void {
  focusPalette = f;
}

/**
 * Electron may deliver one keystroke twice, once as a page keydown and once as the native
 * menu's accelerator. The same action from the *other* source within a keystroke's time
 * is that same keystroke; repeats from one source (holding Ctrl+Z) all count.
 */
let last: { action: string; source: 'key' | 'menu'; at: number } | null = null;

export function runActionFrom(source: 'key' | 'menu', action: ShortcutAction | MenuCommand, now = performance.now()): void {
  if (last && last.action === action && last.source !== source && now - last.at < 100) return;
  last = { action, source, at: now };
  runAction(action);
}

export function runAction(action: ShortcutAction | MenuCommand): void {
  switch (action) {
    case 'delete':
      return editor.deleteSelection();
    case 'undo':
      return void editor.undo();
    case 'redo':
      return void editor.redo();
    case 'copy':
      return void editor.copy();
    case 'paste':
      return editor.paste();
    case 'duplicate':
      return editor.duplicate();
    case 'selectAll':
      return editor.selectAll();
    case 'new':
      return newProject();
    case 'open':
      return void open();
    case 'save':
      return void save();
    case 'saveAs':
      return void saveAs();
    case 'exportOnnx':
      return void exportOnnx();
    case 'train':
      return void train();
    case 'stop':
      return void stop();
    case 'fitView':
      return canvas()?.fitView();
    case 'zoomIn':
      return canvas()?.zoomIn();
    case 'zoomOut':
      return canvas()?.zoomOut();
    case 'toggleMinimap':
      return uiStore.set((s) => ({ ...s, minimap: !s.minimap }));
    case 'autoLayout':
      return autoLayoutGraph();
    case 'focusPalette':
      return focusPalette();
    case 'clearSelection':
      return editor.clearSelection();
    case 'about': {
      const info = sessionStore.get().info;
      return ui.toast('info', `Wiregrad ${info?.version ?? ''}${info ? ` · ${info.shell} on ${info.platform}` : ''}`);
    }
  }
}
