import type { DocEdge, ProjectDocument } from './document';

export interface Topology {
  /** Nodes in dependency order; nodes on a cycle are left out. */
  order: string[];
  /** Node ids that sit on (or behind) a cycle. */
  cyclic: string[];
  /** Incoming edges by target node id and port. */
  incoming: Map<string, Map<string, DocEdge[]>>;
  /** Outgoing edges by source node id. */
  outgoing: Map<string, DocEdge[]>;
}

/**
 * Kahn's algorithm, stable in document order so compiled programs are deterministic.
 * Linear in nodes + edges: lists grow in place and the ready queue is read by index
 * (documents arrive from files and the network; 40k parallel edges must not cost k²).
 */
export function topology(doc: ProjectDocument): Topology {
  const incoming = new Map<string, Map<string, DocEdge[]>>();
  const outgoing = new Map<string, DocEdge[]>();
  const indegree = new Map<string, number>();
  for (const n of doc.nodes) {
    incoming.set(n.id, new Map());
    outgoing.set(n.id, []);
    indegree.set(n.id, 0);
  }
  for (const e of doc.edges) {
    const ports = incoming.get(e.to.node);
    const out = outgoing.get(e.from.node);
    if (!ports || !out) continue;
    const list = ports.get(e.to.port);
    if (list) list.push(e);
    else ports.set(e.to.port, [e]);
    out.push(e);
    indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
  }
  const order: string[] = doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let head = 0; head < order.length; head++) {
    for (const e of outgoing.get(order[head])!) {
      const d = indegree.get(e.to.node)! - 1;
      indegree.set(e.to.node, d);
      if (d === 0) order.push(e.to.node);
    }
  }
  const done = new Set(order);
  return { order, cyclic: doc.nodes.filter((n) => !done.has(n.id)).map((n) => n.id), incoming, outgoing };
}
