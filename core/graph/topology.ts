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

/** Kahn's algorithm, stable in document order so compiled programs are deterministic. */
export function topology(doc: ProjectDocument): Topology {
  const incoming = new Map<string, Map<string, DocEdge[]>>();
  const outgoing = new Map<string, DocEdge[]>();
  const indegree = new Map<string, number>();
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const n of doc.nodes) {
    incoming.set(n.id, new Map());
    outgoing.set(n.id, []);
    indegree.set(n.id, 0);
  }
  for (const e of doc.edges) {
    if (!ids.has(e.from.node) || !ids.has(e.to.node)) continue;
    const ports = incoming.get(e.to.node)!;
    ports.set(e.to.port, [...(ports.get(e.to.port) ?? []), e]);
    outgoing.get(e.from.node)!.push(e);
    indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
  }
  const ready = doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const d = indegree.get(e.to.node)! - 1;
      indegree.set(e.to.node, d);
      if (d === 0) ready.push(e.to.node);
    }
  }
  const done = new Set(order);
  return { order, cyclic: doc.nodes.filter((n) => !done.has(n.id)).map((n) => n.id), incoming, outgoing };
}
