import type { Position, ProjectDocument } from '../graph/document';

/** Rough node box on the canvas (the app lays out again with measured sizes when it opens). */
const NODE = { width: 200, height: 64 };

/**
 * Left-to-right layered layout with ELK (the engine the app's "Auto-layout" uses), so an
 * imported model opens readable in the app and in any tool that reads positions.
 */
export async function layoutDocument(doc: ProjectDocument): Promise<Record<string, Position>> {
  if (!doc.nodes.length) return {};
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: {
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
  const out: Record<string, Position> = Object.create(null);
  for (const c of laid.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
