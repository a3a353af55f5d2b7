import { createHash } from 'node:crypto';
import type { ProjectDocument } from '../graph/document';

/**
 * Identity of a graph for weight reuse and run comparison: node ids, types, params and the
 * wiring. Positions, names and training hyper-parameters do not change the weights' meaning,
 * so they are left out.
 */
export function graphKey(doc: ProjectDocument): string {
  const nodes = [...doc.nodes].map((n) => [n.id, n.type, sortKeys(n.params)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const edges = [...doc.edges].map((e) => [e.from.node, e.from.port, e.to.node, e.to.port].join('|')).sort();
  return createHash('sha256').update(JSON.stringify([nodes, edges])).digest('hex');
}

function sortKeys(o: Record<string, unknown>): [string, unknown][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k]]);
}
