/** Editor actions shared by shortcuts, menus, toolbar buttons and the palette. */
import type { Position, ProjectDocument } from '../../core/graph/document';
import { editor, editorStore } from '../store/editorStore';
import { canvas } from '../canvas/controller';
import { autoLayout } from '../canvas/layout';
import type { ShortcutAction } from '../shortcuts';
import type { MenuCommand } from '../../core/api/contract';
import { newProject, open, save, saveAs, exportOnnx } from './files';
import { train, stop } from '../training/runStore';
import { uiStore } from '../store/uiStore';

export function addLayerAtCenter(type: string): void {
  const c = canvas()?.viewCenter() ?? { x: 0, y: 0 };
  editor.addLayer(type, freeSpot(editorStore.get().doc, { x: c.x - 95, y: c.y - 45 }, canvas()?.sizes() ?? new Map()));
}

const DEFAULT_SIZE = { width: 190, height: 90 };

/** The nearest spot below `p` where a new node overlaps none: adding at the centre never hides a layer. */
export function freeSpot(doc: ProjectDocument, p: Position, sizes: Map<string, { width: number; height: number }>): Position {
  const overlaps = (q: Position) =>
    doc.nodes.some((n) => {
      const s = sizes.get(n.id) ?? DEFAULT_SIZE;
      return q.x < n.position.x + s.width + 16 && q.x + DEFAULT_SIZE.width + 16 > n.position.x && q.y < n.position.y + s.height + 16 && q.y + DEFAULT_SIZE.height + 16 > n.position.y;
    });
  for (let i = 0; i < 40; i++) {
    const q = { x: p.x, y: p.y + i * 30 };
    if (!overlaps(q)) return q;
  }
  return p;
}

export function autoLayoutGraph(): void {
  const { doc } = editorStore.get();
  if (!doc.nodes.length) return;
  editor.commit({ kind: 'moveNodes', positions: autoLayout(doc, { sizes: canvas()?.sizes() }) }, { label: 'Auto-layout' });
  requestAnimationFrame(() => canvas()?.fitView());
}

let focusPalette: () => void = () => undefined;
export function registerPaletteFocus(f: () => void): void {
  focusPalette = f;
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
    case 'about':
      return;
  }
}
