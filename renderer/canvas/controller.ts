/**
 * A narrow handle on the mounted canvas (fit view, centre a node, where to drop a new
 * node), registered by the Canvas component, so shortcuts, the palette and the problems
 * list can drive the viewport without prop-drilling React Flow's instance.
 */
import type { Position } from '../../core/graph/document';

export interface CanvasController {
  /** Everything in view (F, the fit button); `boxes` (the nodes' boxes) when the caller knows where the nodes are going (auto-layout). */
  fitView(boxes?: { x: number; y: number; width: number; height: number }[]): void;
  /** Framing for a freshly opened graph (no animation: there is nothing to animate from). */
  frameOpened(): void;
  centerNode(id: string): void;
  /** Pans just enough that a node (just added) is in view, clear of the overlays. */
  reveal(id: string): void;
  /** Flow coordinates of the visible centre, for nodes added without a drop point. */
  viewCenter(): Position;
  /** The visible part of the canvas in flow coordinates. */
  viewBounds(): { x: number; y: number; width: number; height: number };
  zoomIn(): void;
  zoomOut(): void;
  /** Measured node sizes, for auto-layout. */
  sizes(): Map<string, { width: number; height: number }>;
  /** The canvas's size and overlays (pixels), so auto-layout can wrap a long chain to fit it. */
  layoutView(): { width: number; height: number; overlays: { x: number; y: number; width: number; height: number }[] };
  /** Flow position of the pointer while it is over the canvas (paste lands there), else null. */
  pointer(): Position | null;
  /** Client pixels of a flow position (to open a popup next to a node). */
  flowToScreen(p: Position): Position;
  screenToFlow(p: Position): Position;
  /** Keyboard focus back on the graph (a node, else the pane), so Delete, arrows and Ctrl+Z act on it. */
  focus(nodeId?: string): void;
}

let current: CanvasController | null = null;

export function registerCanvas(c: CanvasController | null): void {
  current = c;
}

export function canvas(): CanvasController | null {
  return current;
}

/** Set when a document is opened: the canvas frames it once React Flow has measured its nodes. */
let fitPending = false;

export function requestFit(hasNodes: boolean): void {
  // An empty canvas is not framed: the first dropped node should stay where it was dropped.
  fitPending = hasNodes;
}

export function takeFitRequest(): boolean {
  const p = fitPending;
  fitPending = false;
  return p;
}
