/**
 * A narrow handle on the mounted canvas (fit view, centre a node, where to drop a new
 * node), registered by the Canvas component, so shortcuts, the palette and the problems
 * list can drive the viewport without prop-drilling React Flow's instance.
 */
import type { Position } from '../../core/graph/document';

export interface CanvasController {
  /** Everything in view (F, the fit button). */
  fitView(): void;
  /** Framing for a freshly opened graph (no animation: there is nothing to animate from). */
  frameOpened(): void;
  centerNode(id: string): void;
  /** Flow coordinates of the visible centre, for nodes added without a drop point. */
  viewCenter(): Position;
  zoomIn(): void;
  zoomOut(): void;
  /** Visible canvas size in flow units at zoom 1 (pixels), for auto-layout. */
  viewportSize(): { width: number; height: number };
  /** Measured node sizes, for auto-layout. */
  sizes(): Map<string, { width: number; height: number }>;
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
