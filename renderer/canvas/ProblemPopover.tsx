/**
 * The messages of one node's problems, shown on hover, each with its one-click fix.
 *
 * Drawn in a portal on the canvas, not inside the node: React Flow's renderer is a stacking
 * context below its panels (z-index 4 under 5), so a popover inside a node could never rise
 * above the minimap or the zoom controls, and its Fix button sat unclickable under them
 * whenever the node was near a corner. Out here it is also drawn at screen size, readable
 * at any zoom, and popoverPlacement.ts picks the side of the node that is clear.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useStore as useFlowStore } from '@xyflow/react';
import { fixesOf, type Diagnostic } from '../../core/check/diagnostics';
import { FixButton } from '../shell/FixButton';
import { overlayRects } from './useCanvasController';
import { placePopover, type PopoverPlacement } from './popoverPlacement';
import type { Rect } from './fit';

function relativeTo(el: Element, origin: DOMRect): Rect {
  const r = el.getBoundingClientRect();
  return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
}

/**
 * Still a child of the node in React's tree: hovering from the node onto the popover is not
 * leaving the node, and its events (a Fix click) stay the node's.
 */
export function ProblemPopover({
  diagnostics,
  nodeId,
  anchor,
  prefer,
}: {
  diagnostics: Diagnostic[];
  nodeId: string;
  /** The node's element: the popover goes beside it, in its canvas. */
  anchor: RefObject<HTMLElement | null>;
  prefer: 'above' | 'right';
}) {
  const box = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<PopoverPlacement | null>(null);
  // Panning, zooming or moving the node moves the anchor: these re-render, and the layout effect places it again.
  useFlowStore((s) => s.transform);
  useFlowStore((s) => s.nodeLookup.get(nodeId)?.internals.positionAbsolute);
  const canvasEl = anchor.current?.closest<HTMLElement>('.wg-canvas') ?? null;

  useLayoutEffect(() => {
    const node = anchor.current;
    const el = box.current;
    if (!node || !el || !canvasEl) return;
    const origin = canvasEl.getBoundingClientRect();
    const own = node.closest('.react-flow__node');
    const others = [...canvasEl.querySelectorAll('.react-flow__node')].filter((n) => n !== own).map((n) => relativeTo(n, origin));
    const next = placePopover(relativeTo(node, origin), { width: el.offsetWidth, height: el.offsetHeight }, { width: origin.width, height: origin.height }, overlayRects(canvasEl), others, prefer);
    setPlace((p) => (p && p.x === next.x && p.y === next.y && p.side === next.side ? p : next));
  });

  if (!canvasEl) return null;
  return createPortal(
    <div
      ref={box}
      className={`wg-popover is-${place?.side ?? prefer} nodrag nopan nowheel`}
      role="tooltip"
      data-testid="problem-popover"
      // Measured before it is placed: invisible for that first frame, never drawn in the wrong spot.
      style={place ? { left: place.x, top: place.y } : { left: 0, top: 0, visibility: 'hidden' }}
    >
      {diagnostics.map((d, i) => (
        <div key={i} className={`wg-popover__item is-${d.severity}`}>
          <span className="wg-popover__code">{d.code}</span>
          <p>{d.message}</p>
          {fixesOf(d).map((f) => (
            <FixButton key={f.label} fix={f} />
          ))}
        </div>
      ))}
    </div>,
    canvasEl,
  );
}
