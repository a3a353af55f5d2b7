/** Editor gestures shared by the palette, the canvas, context menus and the action bindings. */
import type { PortRef } from '../../core/graph/document';
import { editor, editorStore } from '../store/editorStore';
import { canvas } from '../canvas/controller';
import { autoLayout } from '../canvas/layout';
import { estimateNodeSize } from '../canvas/nodeSize';
import { DEFAULT_NODE_SIZE, planAddLayer, type AddOptions } from '../store/insertion';
import { settingsStore } from '../store/settings';
import { ui } from '../store/uiStore';
import { nodeName } from '../store/names';
import { actionTooltip } from '../../core/ui/keys';
import { IS_MAC } from '../shell/platform';

/** Sizes and direction every placement needs, from the mounted canvas and the settings. */
export function placementContext(): Pick<AddOptions, 'sizes' | 'dir'> {
  return { sizes: canvas()?.sizes(), dir: settingsStore.get().layoutDirection };
}

/**
 * Adds a layer as one step: after the selection (wired) when there is one, else where the
 * user pointed or at the view's centre; returns its id. Focus goes back to the graph, so
 * Delete, arrows and Ctrl+Z act on what was just added.
 */
export function addLayer(type: string, opts: Omit<AddOptions, 'sizes' | 'dir'> = {}): string | undefined {
  const { doc, selection } = editorStore.get();
  const usesSelection = !opts.from && !opts.to && !opts.intoEdge && !opts.after && selection.nodes.length > 0;
  let at = opts.at;
  let pointed = opts.pointed ?? !!opts.at;
  if (!at && !usesSelection) {
    at = startSpot(doc.nodes.length === 0);
    pointed = false;
  }
  const plan = planAddLayer(doc, type, { ...opts, at, pointed, after: usesSelection ? selection.nodes : opts.after, ...placementContext() });
  const [id] = editor.commitPlan(plan);
  if (id) revealAdded([id]);
  return id;
}

/**
 * Where a layer added without a place goes: the view's centre; the first layer of a graph
 * goes near the start of the view (left, or top), so the chain it starts grows into view.
 */
function startSpot(first: boolean): { x: number; y: number } {
  const c = canvas();
  const centre = c?.viewCenter() ?? { x: 0, y: 0 };
  const half = { x: DEFAULT_NODE_SIZE.width / 2, y: DEFAULT_NODE_SIZE.height / 2 };
  if (!first || !c) return { x: centre.x - half.x, y: centre.y - half.y };
  const v = c.viewBounds();
  const lr = settingsStore.get().layoutDirection === 'LR';
  return lr ? { x: v.x + Math.min(v.width * 0.12, 160), y: centre.y - half.y } : { x: centre.x - half.x, y: v.y + Math.min(v.height * 0.12, 100) };
}

/** After an addition: keyboard focus on the graph and the new layers in view (the last one, where the chain goes on). */
export function revealAdded(ids: string[]): void {
  const last = ids.at(-1);
  if (!last) return;
  requestAnimationFrame(() => {
    canvas()?.focus(last);
    for (const id of ids) canvas()?.reveal(id);
  });
}

/** A wire dropped on an occupied input replaced the old one: show where the old one came from. */
export function flashReplaced(oldFrom: PortRef): void {
  const n = editorStore.get().doc.nodes.find((x) => x.id === oldFrom.node);
  if (!n) return;
  ui.flashNodes([n.id]);
  ui.toast('info', `Replaced the wire from ${nodeName(n)} (${oldFrom.port}); ${actionTooltip('undo', IS_MAC)} brings it back`);
}

export async function autoLayoutGraph(): Promise<void> {
  const { doc } = editorStore.get();
  if (!doc.nodes.length) return;
  // Wrapped (if the chain is long) to the canvas as it is now.
  const positions = await autoLayout(doc, { ...placementContext(), view: canvas()?.layoutView() });
  // The graph may have changed while ELK worked (it is quick, but asynchronous): lay out only what still exists.
  if (editorStore.get().doc.nodes.length !== doc.nodes.length) return;
  editor.commit({ kind: 'moveNodes', positions }, { label: 'Auto-layout' });
  // Framed where the nodes are going: React Flow may not have them there yet on the next frame.
  const sizes = canvas()?.sizes();
  const boxes = doc.nodes.map((n) => ({ ...positions[n.id], ...(sizes?.get(n.id) ?? estimateNodeSize(n, placementContext().dir)) }));
  requestAnimationFrame(() => canvas()?.fitView(boxes));
}

let focusPalette: () => void = () => undefined;
export function registerPaletteFocus(f: () => void): void {
  focusPalette = f;
}
export function focusPaletteSearch(): void {
  focusPalette();
}
