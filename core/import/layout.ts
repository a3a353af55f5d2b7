import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Position, ProjectDocument } from '../graph/document';
import { topology } from '../graph/topology';

/** Rough node box on the canvas (the app lays out again with measured sizes when it opens). */
const NODE = { width: 200, height: 64 };

/**
 * Wider than this (px), a one-line layout would not fit a 1280×800 window's canvas (~780 px)
 * at a readable zoom (0.6, as the app's auto-layout judges it): it is wrapped into rows.
 */
const MAX_WIDTH = 1300;
/**
 * The rows' aim: about a 1280×800 window's canvas (the app's auto-layout, which picks the
 * wrapping per window, settles near 2 for its templates; renderer/canvas/layout.ts).
 */
const WRAP_ASPECT = '2';

/**
 * Left-to-right layered layout with ELK (the engine the app's "Auto-layout" uses), so an
 * imported model opens readable in the app and in any tool that reads positions. A long
 * chain wraps into rows, as the app's auto-layout wraps it: ELK's graph wrapping cuts it
 * between two layers, and the one wire per cut runs back to the start of the next row.
 */
export async function layoutDocument(doc: ProjectDocument): Promise<Record<string, Position>> {
  if (!doc.nodes.length) return {};
  if (!elkCopes(doc)) return columnLayout(doc);
  try {
    return await elkLayout(doc);
  } catch {
    // ELK's recursion overflows on very densely wired graphs (DenseNet-121: 380 nodes, each
    // block's outputs feeding every later layer); columns by depth still read left to right.
    return columnLayout(doc);
  }
}

/**
 * ELK's layered layout takes minutes and then overflows its stack on large, densely wired
 * graphs (DenseNet-121: 380 nodes, 1,000+ wires); such imports get the column layout.
 */
export function elkCopes(doc: ProjectDocument): boolean {
  return doc.nodes.length <= 250 && doc.edges.length <= 2 * doc.nodes.length;
}

/** Each node in the column of its longest path from the inputs, stacked in document order. */
export function columnLayout(doc: ProjectDocument): Record<string, Position> {
  const depth = new Map<string, number>(doc.nodes.map((n) => [n.id, 0]));
  const order = topology(doc).order;
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) if (e.from.port !== 'y') incoming.set(e.to.node, [...(incoming.get(e.to.node) ?? []), e.from.node]);
  for (const id of order) depth.set(id, Math.max(0, ...(incoming.get(id) ?? []).map((f) => (depth.get(f) ?? 0) + 1)));
  const rows = new Map<number, number>();
  const out: Record<string, Position> = Object.create(null);
  for (const n of doc.nodes) {
    const d = depth.get(n.id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out[n.id] = { x: d * (NODE.width + 100), y: row * (NODE.height + 36) };
  }
  return out;
}

async function elkLayout(doc: ProjectDocument): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph = (wrap: boolean): ElkNode => ({
    id: 'root',
    layoutOptions: {
      ...(wrap ? { 'elk.layered.wrapping.strategy': 'SINGLE_EDGE', 'elk.aspectRatio': WRAP_ASPECT, 'elk.layered.wrapping.additionalEdgeSpacing': '24' } : {}),
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '100',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.thoroughness': doc.nodes.length > 60 ? '2' : '7',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...NODE })),
    edges: doc.edges.filter((e) => e.from.port !== 'y').map((e) => ({ id: e.id, sources: [e.from.node], targets: [e.to.node] })),
  });
  let laid = await elk.layout(graph(false));
  if ((laid.width ?? 0) > MAX_WIDTH) laid = await elk.layout(graph(true));
  const out: Record<string, Position> = Object.create(null);
  for (const c of laid.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
