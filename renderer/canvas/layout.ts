/**
 * Auto-layout: a small layered (Sugiyama-style) layout, left to right, data flowing like
 * reading, wrapping into bands when the graph is much wider than the view. Rank = longest path from a source; within a rank, nodes are ordered by the
 * mean position of their predecessors to keep edges from crossing. Pure and fast enough
 * for hundreds of nodes; no layout library needed for graphs this shape.
 */
import type { Position, ProjectDocument } from '../../core/graph/document';

export interface LayoutOptions {
  columnGap: number;
  rowGap: number;
  /** Vertical gap between bands when a long graph wraps. */
  bandGap: number;
  /** Visible canvas size: when given, long graphs wrap into bands to fit it. */
  viewport?: { width: number; height: number };
  /** Measured node sizes where known; defaults otherwise. */
  sizes?: Map<string, { width: number; height: number }>;
}

// The column gap leaves room for an edge's shape label (`64×64×16×16`) between two nodes.
const DEFAULTS: LayoutOptions = { columnGap: 110, rowGap: 40, bandGap: 90 };
const DEFAULT_SIZE = { width: 190, height: 96 };

export function autoLayout(doc: ProjectDocument, options: Partial<LayoutOptions> = {}): Record<string, Position> {
  const opt = { ...DEFAULTS, ...options };
  const ids = doc.nodes.map((n) => n.id);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of doc.edges) {
    if (!preds.has(e.to.node) || !succs.has(e.from.node)) continue;
    preds.get(e.to.node)!.push(e.from.node);
    succs.get(e.from.node)!.push(e.to.node);
  }

  // Longest-path ranking via Kahn's order; nodes left in a cycle keep rank 0 plus their visited depth.
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  const indeg = new Map(ids.map((id) => [id, preds.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    for (const m of succs.get(n)!) {
      rank.set(m, Math.max(rank.get(m)!, rank.get(n)! + 1));
      indeg.set(m, indeg.get(m)! - 1);
      if (indeg.get(m) === 0) queue.push(m);
    }
  }

  // Sinks (losses) sit one column after their deepest input, not at the far right of unrelated branches.
  const columns: string[][] = [];
  for (const id of ids) (columns[rank.get(id)!] ??= []).push(id);

  const order = new Map<string, number>();
  columns.forEach((col, c) => {
    if (c > 0) {
      const key = (id: string) => {
        const ps = preds.get(id)!.filter((p) => order.has(p));
        return ps.length ? ps.reduce((s, p) => s + order.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
      };
      col.sort((a, b) => key(a) - key(b));
    }
    col.forEach((id, i) => order.set(id, i));
  });

  const size = (id: string) => opt.sizes?.get(id) ?? DEFAULT_SIZE;
  const cols = columns.filter((c): c is string[] => !!c);
  const colWidth = cols.map((col) => Math.max(...col.map((id) => size(id).width)));
  const colHeight = cols.map((col) => col.reduce((s, id) => s + size(id).height, 0) + opt.rowGap * (col.length - 1));
  const perBand = opt.viewport ? bestBandWidth(colWidth, colHeight, opt) : cols.length;

  // Keyed by node ids: null-prototype, so an id like "__proto__" is just a key.
  const positions: Record<string, Position> = Object.create(null);
  let bandTop = 0;
  for (let start = 0; start < cols.length; start += perBand) {
    const band = cols.slice(start, start + perBand);
    const bandHeight = Math.max(...colHeight.slice(start, start + perBand));
    let x = 0;
    band.forEach((col, i) => {
      // Centre each column in its band so a plain chain is a straight line.
      let y = bandTop + (bandHeight - colHeight[start + i]) / 2;
      for (const id of col) {
        positions[id] = { x: Math.round(x), y: Math.round(y) };
        y += size(id).height + opt.rowGap;
      }
      x += colWidth[start + i] + opt.columnGap;
    });
    bandTop += bandHeight + opt.bandGap;
  }
  return positions;
}

/**
 * Long chains (LeNet, the course ConvNet) laid out in one row need a zoom at which nothing
 * is legible. Wrapping the columns into bands, like lines of text, trades width for height:
 * pick the band width that lets the whole graph fit the viewport at the largest zoom.
 */
function bestBandWidth(colWidth: number[], colHeight: number[], opt: LayoutOptions): number {
  const vp = opt.viewport!;
  let best = colWidth.length;
  let bestZoom = 0;
  for (let per = colWidth.length; per >= 1; per--) {
    let width = 0;
    let height = 0;
    for (let start = 0; start < colWidth.length; start += per) {
      const w = colWidth.slice(start, start + per).reduce((a, b) => a + b, 0) + opt.columnGap * (Math.min(per, colWidth.length - start) - 1);
      width = Math.max(width, w);
      height += Math.max(...colHeight.slice(start, start + per)) + (start > 0 ? opt.bandGap : 0);
    }
    const zoom = Math.min(vp.width / width, vp.height / height);
    // Strictly better only: ties keep the wider (fewer bands) layout, which reads more naturally.
    if (zoom > bestZoom * 1.05) {
      bestZoom = zoom;
      best = per;
    }
  }
  return best;
}
