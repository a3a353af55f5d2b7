/**
 * Fit view that knows about the canvas's overlays (minimap, zoom controls, toolbar, notices):
 * the graph's box is framed in the part of the canvas no overlay covers, so after F or
 * auto-layout no node and no handle sits under one. Each overlay blocks either its
 * horizontal band (top or bottom) or its vertical band (left or right), whichever costs
 * less zoom: a wide left-to-right chain gives up height, a tall one gives up width. Pure.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface FitOptions {
  /** Clear space around the graph and beside each overlay, in pixels (handles stick out of nodes). */
  margin?: number;
  minZoom?: number;
  maxZoom?: number;
  /**
   * The nodes' boxes (flow units) inside `bounds`. With them an overlay need only miss every
   * node, not the whole box: a wrapped chain's short last row leaves the minimap's corner
   * empty, and the graph may be shown larger than the band rule alone allows.
   */
  boxes?: Rect[];
}

interface Inner {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The free area when each overlay blocks the band chosen by `mask` (bit set: vertical band). */
function innerFor(size: { width: number; height: number }, overlays: Rect[], mask: number, m: number): Inner {
  const r: Inner = { left: m, top: m, right: size.width - m, bottom: size.height - m };
  overlays.forEach((o, i) => {
    if (mask & (1 << i)) {
      if (o.x + o.width / 2 < size.width / 2) r.left = Math.max(r.left, o.x + o.width + m);
      else r.right = Math.min(r.right, o.x - m);
    } else if (o.y + o.height / 2 < size.height / 2) r.top = Math.max(r.top, o.y + o.height + m);
    else r.bottom = Math.min(r.bottom, o.y - m);
  });
  return r;
}

/** The viewport that shows `bounds` (flow units) as large as possible clear of `overlays` (canvas pixels). */
export function fitViewport(bounds: Rect, size: { width: number; height: number }, overlays: Rect[], opts: FitOptions = {}): Viewport {
  const m = opts.margin ?? 24;
  const minZoom = opts.minZoom ?? 0.05;
  const maxZoom = opts.maxZoom ?? 1.25;
  const bw = Math.max(bounds.width, 1);
  const bh = Math.max(bounds.height, 1);
  // Few overlays (3 or 4): trying every choice is cheaper than being clever.
  const visible = overlays.filter((o) => o.width > 0 && o.height > 0).slice(0, 8);
  let best: { inner: Inner; zoom: number } | null = null;
  for (let mask = 0; mask < 1 << visible.length; mask++) {
    const inner = innerFor(size, visible, mask, m);
    const w = inner.right - inner.left;
    const h = inner.bottom - inner.top;
    if (w <= 0 || h <= 0) continue;
    const zoom = Math.min(w / bw, h / bh, maxZoom);
    if (!best || zoom > best.zoom + 1e-9) best = { inner, zoom };
  }
  const inner = best?.inner ?? { left: 0, top: 0, right: size.width, bottom: size.height };
  const zoom = Math.max(minZoom, best?.zoom ?? minZoom);
  const cx = (inner.left + inner.right) / 2;
  const cy = (inner.top + inner.bottom) / 2;
  const banded = { x: cx - (bounds.x + bw / 2) * zoom, y: cy - (bounds.y + bh / 2) * zoom, zoom };
  if (!opts.boxes?.length || !visible.length) return banded;
  return fitAmongBoxes(bounds, size, visible, opts.boxes, m, zoom, maxZoom) ?? banded;
}

/** Zooms tried between the band rule's and the largest that fits the canvas, largest first. */
const STEPS = 24;

/**
 * The largest zoom (above `floor`) at which some placement of `bounds` inside the canvas's
 * margins keeps every node box clear of every overlay; null when none beats `floor`.
 * Placements tried: the graph against each side and corner of the canvas, and centred.
 * O(STEPS · 9 · nodes · overlays): a few thousand box tests for a template.
 */
function fitAmongBoxes(bounds: Rect, size: { width: number; height: number }, overlays: Rect[], boxes: Rect[], m: number, floor: number, maxZoom: number): Viewport | null {
  const bw = Math.max(bounds.width, 1);
  const bh = Math.max(bounds.height, 1);
  const top = Math.min((size.width - 2 * m) / bw, (size.height - 2 * m) / bh, maxZoom);
  // Half a margin clear of an overlay, as the band rule keeps a whole one between the graph and it.
  const grown = overlays.map((o) => ({ x: o.x - m / 2, y: o.y - m / 2, width: o.width + m, height: o.height + m }));
  for (let i = 0; i < STEPS; i++) {
    const zoom = top - ((top - floor) * i) / STEPS;
    if (zoom <= floor * 1.01) break;
    const slackX = size.width - 2 * m - bw * zoom;
    const slackY = size.height - 2 * m - bh * zoom;
    for (const fx of [0.5, 0, 1]) {
      for (const fy of [0.5, 0, 1]) {
        const v = { x: m + slackX * fx - bounds.x * zoom, y: m + slackY * fy - bounds.y * zoom, zoom };
        if (!boxes.some((b) => grown.some((o) => intersects(toScreen(b, v), o)))) return v;
      }
    }
  }
  return null;
}

/** Where a flow rectangle lands on the canvas under a viewport. */
export function toScreen(r: Rect, v: Viewport): Rect {
  return { x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The smallest pan that brings `r` (canvas pixels) inside the free area; zero when it is already in view. */
export function panToReveal(r: Rect, size: { width: number; height: number }, overlays: Rect[], margin = 24): { dx: number; dy: number } {
  let dx = 0;
  let dy = 0;
  if (r.x < margin) dx = margin - r.x;
  else if (r.x + r.width > size.width - margin) dx = size.width - margin - r.x - r.width;
  if (r.y < margin) dy = margin - r.y;
  else if (r.y + r.height > size.height - margin) dy = size.height - margin - r.y - r.height;
  const moved = { ...r, x: r.x + dx, y: r.y + dy };
  // Under an overlay (they sit at the top or bottom corners): move it clear, up or down.
  for (const o of overlays) {
    const grown = { x: moved.x - margin / 2, y: moved.y - margin / 2, width: moved.width + margin, height: moved.height + margin };
    if (!intersects(o, grown)) continue;
    const shift = o.y + o.height / 2 < size.height / 2 ? o.y + o.height + margin - moved.y : o.y - margin - (moved.y + moved.height);
    dy += shift;
    moved.y += shift;
  }
  return { dx, dy };
}
