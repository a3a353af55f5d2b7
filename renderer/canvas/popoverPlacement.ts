/**
 * Where a node's problem popover goes on the canvas. It is drawn above React Flow's
 * renderer (see ProblemPopover), so it could sit on the minimap or the zoom controls as
 * easily as under them: each side of the node is tried, and the one that stays inside the
 * canvas, clear of every overlay and of as few other nodes as possible wins; the preferred
 * side (above a left-to-right chain, beside a top-to-bottom one, where the chain's
 * neighbours are not) wins ties. Pure; canvas pixels throughout.
 */
import type { Rect } from './fit';

export type PopoverSide = 'above' | 'below' | 'right' | 'left';

export interface PopoverPlacement {
  side: PopoverSide;
  x: number;
  y: number;
}

const ORDER: Record<'above' | 'right', PopoverSide[]> = {
  above: ['above', 'below', 'right', 'left'],
  right: ['right', 'left', 'below', 'above'],
};

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The popover's box on one side of the anchor, slid along that side to stay inside the canvas. */
function boxOn(side: PopoverSide, anchor: Rect, size: { width: number; height: number }, area: { width: number; height: number }, gap: number): Rect {
  const slide = (v: number, len: number, max: number) => Math.max(gap, Math.min(v, max - len - gap));
  if (side === 'above' || side === 'below') {
    const y = side === 'above' ? anchor.y - gap - size.height : anchor.y + anchor.height + gap;
    return { x: slide(anchor.x, size.width, area.width), y, ...size };
  }
  const x = side === 'right' ? anchor.x + anchor.width + gap : anchor.x - gap - size.width;
  return { x, y: slide(anchor.y, size.height, area.height), ...size };
}

/**
 * `anchor`: the node's box; `overlays`: minimap, zoom controls, toolbar, banners (never
 * covered); `nodes`: the other nodes' boxes (covered only when no side is free).
 */
export function placePopover(
  anchor: Rect,
  size: { width: number; height: number },
  area: { width: number; height: number },
  overlays: Rect[],
  nodes: Rect[] = [],
  prefer: 'above' | 'right' = 'above',
  gap = 8,
): PopoverPlacement {
  const inside: Rect = { x: 0, y: 0, width: area.width, height: area.height };
  let best: { side: PopoverSide; box: Rect; cost: number } | null = null;
  for (const side of ORDER[prefer]) {
    const box = boxOn(side, anchor, size, area, gap);
    const outside = size.width * size.height - overlapArea(box, inside);
    const underOverlay = overlays.reduce((s, o) => s + overlapArea(box, o), 0);
    const onNodes = nodes.reduce((s, n) => s + overlapArea(box, n), 0);
    // Off the canvas or under an overlay means unreadable or unclickable; over a node only hides it for a moment.
    const cost = (outside + underOverlay) * 1000 + onNodes;
    if (!best || cost < best.cost) best = { side, box, cost };
  }
  return { side: best!.side, x: best!.box.x, y: best!.box.y };
}
