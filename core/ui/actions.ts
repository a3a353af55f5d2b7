/**
 * THE table of editor actions: id, label, key combos, where each shows up (native menu,
 * context menus, cheat sheet). Pure data, so the Electron menu (electron/menu.ts) and the
 * renderer read the same rows; the renderer binds `run` and `enabled` per id
 * (renderer/actions/bindings.ts), and the key matcher (renderer/shortcuts.ts), tooltips and
 * the `?` cheat sheet are derived from it. Adding an action here is the only way to add a
 * shortcut or a menu item; a test fails when any of them drift apart.
 *
 * Keys are written `Mod+Shift+Z`: Mod is ⌘ on macOS and Ctrl elsewhere; `Ctrl+` is the real
 * Control key and, like `only: 'other'`, is meant for Windows/Linux. The first key of an
 * action is the one menus and tooltips show.
 */

/** Native menus and cheat-sheet groups, in display order. `canvas` actions need a pointer, so no native menu. */
export const ACTION_SECTIONS = [
  { id: 'file', title: 'File', menu: '&File' },
  { id: 'edit', title: 'Edit', menu: '&Edit' },
  { id: 'canvas', title: 'Canvas', menu: null },
  { id: 'view', title: 'View', menu: '&View' },
  { id: 'train', title: 'Train', menu: '&Train' },
  { id: 'help', title: 'Help', menu: '&Help' },
] as const;

export type ActionSection = (typeof ACTION_SECTIONS)[number]['id'];

/** What a context menu was opened on. `selection`: several selected elements; `pin`: a pin of the open block. */
export type ActionContext = 'canvas' | 'node' | 'edge' | 'selection' | 'pin';

export type KeySpec = string | { key: string; only: 'mac' | 'other' };

export interface ActionSpec {
  id: string;
  /** Menu and context-menu label, Title Case, `…` when it asks for more. */
  label: string;
  /** One line for the cheat sheet and tooltips. */
  hint: string;
  section: ActionSection;
  keys?: readonly KeySpec[];
  /** Separator group inside its native menu; absent: not in the native menu. */
  menuGroup?: number;
  /** The native menu uses Electron's role (clipboard), so text fields keep their own behaviour. */
  menuRole?: 'cut' | 'copy' | 'paste';
  /** Context menus that list it, in table order. */
  contexts?: readonly ActionContext[];
  /** Runs even while typing in a field (with a modifier or a function key only). */
  global?: boolean;
}

const TABLE = [
  // File
  { id: 'new', label: 'New', hint: 'Start a new project from a template or an empty canvas', section: 'file', keys: ['Mod+N'], menuGroup: 0, global: true },
  { id: 'open', label: 'Open…', hint: 'Open a project file', section: 'file', keys: ['Mod+O'], menuGroup: 0, global: true },
  { id: 'openOnnx', label: 'Open ONNX…', hint: 'Open an ONNX model (e.g. from torch.onnx.export) as a new project, with its weights', section: 'file', keys: ['Mod+Shift+O'], menuGroup: 0, global: true },
  { id: 'save', label: 'Save', hint: 'Save the project', section: 'file', keys: ['Mod+S'], menuGroup: 1, global: true },
  { id: 'saveAs', label: 'Save As…', hint: 'Save the project under a new name', section: 'file', keys: ['Mod+Shift+S'], menuGroup: 1, global: true },
  { id: 'importBlock', label: 'Import Block…', hint: 'Add a block from a .wiregrad-block.json file to this project', section: 'file', menuGroup: 2 },
  { id: 'exportOnnx', label: 'Export…', hint: 'Export the model: ONNX, the ONNX training step, a PyTorch script or a Jupyter notebook', section: 'file', keys: ['Mod+E'], menuGroup: 2, global: true },
  // Edit
  { id: 'undo', label: 'Undo', hint: 'Undo the last edit', section: 'edit', keys: ['Mod+Z'], menuGroup: 0 },
  { id: 'redo', label: 'Redo', hint: 'Redo the edit just undone', section: 'edit', keys: ['Mod+Shift+Z', { key: 'Ctrl+Y', only: 'other' }], menuGroup: 0 },
  { id: 'cut', label: 'Cut', hint: 'Cut the selected layers', section: 'edit', keys: ['Mod+X'], menuGroup: 1, menuRole: 'cut', contexts: ['node', 'selection'] },
  { id: 'copy', label: 'Copy', hint: 'Copy the selected layers', section: 'edit', keys: ['Mod+C'], menuGroup: 1, menuRole: 'copy', contexts: ['node', 'selection'] },
  { id: 'paste', label: 'Paste', hint: 'Paste at the pointer, wired after the selection when it fits', section: 'edit', keys: ['Mod+V'], menuGroup: 1, menuRole: 'paste', contexts: ['canvas'] },
  { id: 'duplicate', label: 'Duplicate', hint: 'Copy the selection beside itself; a chain is repeated after itself', section: 'edit', keys: ['Mod+D'], menuGroup: 1, contexts: ['node', 'selection'] },
  { id: 'delete', label: 'Delete', hint: 'Delete the selected layers and wires', section: 'edit', keys: ['Delete', 'Backspace'], menuGroup: 1, contexts: ['node', 'edge', 'selection'] },
  { id: 'selectAll', label: 'Select All', hint: 'Select every layer and wire', section: 'edit', keys: ['Mod+A'], menuGroup: 2, contexts: ['canvas'] },
  { id: 'makeBlock', label: 'Make Block…', hint: 'Turn the selected layers into a reusable block; the wires that cross the selection become its pins', section: 'edit', keys: ['Mod+G'], menuGroup: 3, contexts: ['node', 'selection'] },
  { id: 'ungroup', label: 'Ungroup', hint: 'Replace the selected block instance by its layers (the block stays for the others)', section: 'edit', keys: ['Mod+Shift+G'], menuGroup: 3, contexts: ['node'] },
  { id: 'openBlock', label: 'Open Block', hint: 'Edit the selected block in place (double-click does it too); every instance follows', section: 'edit', menuGroup: 3, contexts: ['node'] },
  { id: 'renamePin', label: 'Rename Pin', hint: 'Edit the pin’s name in the inspector (double-click the pin does it too); the wires at every instance follow', section: 'edit', contexts: ['pin'] },
  { id: 'removePin', label: 'Remove Pin', hint: 'Remove the pin from the block; the wires to it at every instance go too', section: 'edit', contexts: ['pin'] },
  { id: 'closeBlock', label: 'Close Block', hint: 'Back to the graph that uses the block', section: 'edit', menuGroup: 3 },
  { id: 'clearSelection', label: 'Clear Selection', hint: 'Select nothing (shows the model summary)', section: 'edit', keys: ['Escape'] },
  // Canvas
  { id: 'addLayer', label: 'Add Layer…', hint: 'Search layers at the pointer; with a layer selected, the new one is wired after it', section: 'canvas', keys: ['Shift+A'], contexts: ['canvas', 'node'] },
  { id: 'insertLayer', label: 'Insert Layer…', hint: 'Search a layer to insert into this wire', section: 'canvas', contexts: ['edge'] },
  { id: 'contextMenu', label: 'Show Actions', hint: 'The right-click menu of the selection (or the canvas), from the keyboard', section: 'canvas', keys: ['Shift+F10'] },
  { id: 'rename', label: 'Rename', hint: 'Edit the selected layer’s label', section: 'canvas', keys: ['F2'], contexts: ['node'] },
  { id: 'focusPalette', label: 'Search Layers', hint: 'Focus the palette search', section: 'canvas', keys: ['Mod+K', '/'], global: true },
  // View
  { id: 'fitView', label: 'Fit View', hint: 'Show the whole graph', section: 'view', keys: ['F'], menuGroup: 0, contexts: ['canvas'] },
  { id: 'zoomIn', label: 'Zoom In', hint: 'Zoom in', section: 'view', keys: ['Mod+='], menuGroup: 0 },
  { id: 'zoomOut', label: 'Zoom Out', hint: 'Zoom out', section: 'view', keys: ['Mod+-'], menuGroup: 0 },
  { id: 'autoLayout', label: 'Auto-Layout', hint: 'Arrange the graph in layers (direction in View settings)', section: 'view', keys: ['L'], menuGroup: 1, contexts: ['canvas'] },
  { id: 'toggleMinimap', label: 'Toggle Minimap', hint: 'Show or hide the minimap', section: 'view', keys: ['Mod+Shift+M'], menuGroup: 1 },
  { id: 'toggleDock', label: 'Toggle Panel', hint: 'Open or shrink the Problems/Training/Evaluation/Log panel to its tabs', section: 'view', keys: ['Mod+J'], menuGroup: 1 },
  // Train
  { id: 'train', label: 'Train', hint: 'Train the model with the run settings', section: 'train', keys: ['Mod+Enter'], menuGroup: 0, global: true },
  { id: 'stop', label: 'Stop', hint: 'Stop the running training', section: 'train', keys: ['Mod+.'], menuGroup: 0, global: true },
  // Help
  { id: 'shortcuts', label: 'Keyboard Shortcuts', hint: 'Show this list', section: 'help', keys: ['?', 'F1'], menuGroup: 0, global: true },
  { id: 'about', label: 'About Wiregrad', hint: 'Version and platform', section: 'help', menuGroup: 1 },
] as const satisfies readonly ActionSpec[];

export type ActionId = (typeof TABLE)[number]['id'];

export const ACTIONS: readonly (ActionSpec & { id: ActionId })[] = TABLE;

const byId = new Map<string, ActionSpec & { id: ActionId }>();
for (const a of ACTIONS) {
  if (byId.has(a.id)) throw new Error(`Action ${a.id} is in the table twice`);
  byId.set(a.id, a);
}

export function isActionId(id: string): id is ActionId {
  return byId.has(id);
}

export function actionSpec(id: ActionId): ActionSpec & { id: ActionId } {
  return byId.get(id)!;
}

/** Actions in the native menu (Electron sends their ids to the renderer). */
export const MENU_ACTIONS: readonly ActionId[] = ACTIONS.filter((a) => a.menuGroup !== undefined).map((a) => a.id);
