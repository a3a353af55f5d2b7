/**
 * What a wire carries, next to the pointer: its batch-inclusive shape and any problem. The
 * label on the wire hides when zoomed out or when the wire is too short for it; this card
 * is always there on hover.
 */
import type { RefObject } from 'react';
import { createStore, useStore } from '../store/createStore';
import { uiStore } from '../store/uiStore';
import type { ShapeFlowEdge } from './toFlow';

export interface EdgeHover {
  edgeId: string;
  /** Client pixels. */
  x: number;
  y: number;
}

/** Its own tiny store: a pointer moving over a wire re-renders this card only, never the canvas. */
export const edgeHover = createStore<EdgeHover | null>(null);

export function EdgeHoverCard({ edges, wrapper }: { edges: ShapeFlowEdge[]; wrapper: RefObject<HTMLDivElement | null> }) {
  const hover = useStore(edgeHover, (h) => h);
  const popupOpen = useStore(uiStore, (s) => !!s.contextMenu || !!s.quickAdd);
  if (!hover || popupOpen) return null;
  const edge = edges.find((e) => e.id === hover.edgeId);
  const r = wrapper.current?.getBoundingClientRect();
  if (!edge?.data || !r) return null;
  const d = edge.data;
  const left = Math.min(hover.x - r.left + 14, r.width - 230);
  const top = hover.y - r.top + 16;
  return (
    <div className={`wg-hovercard${d.broken ? ' is-broken' : ''}`} style={{ left, top }} role="tooltip" data-testid="edge-hovercard">
      <div className="wg-hovercard__shape">{d.isLabel ? `${d.label} class labels` : d.label}</div>
      <div className="wg-hovercard__what">
        {edge.sourceHandle} → {edge.targetHandle} · {d.message ?? (d.unknown ? 'shape unknown until the problem upstream is fixed' : d.isLabel ? 'one class index per sample' : 'batch × per-sample shape')}
      </div>
    </div>
  );
}
