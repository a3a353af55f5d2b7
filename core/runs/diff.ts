/**
 * What changed between two runs: training settings (flattened to dotted paths) and the graph
 * (nodes added, removed, retyped, and parameters changed). Pure, so the runs panel computes
 * "settings that differ" for its table and the two-run diff without a backend round trip.
 */
import type { ProjectDocument } from '../graph/document';

export interface ValueChange {
  path: string;
  a: unknown;
  b: unknown;
}

export interface GraphDiff {
  added: { id: string; type: string }[];
  removed: { id: string; type: string }[];
  /** A node kept its id but changed its type or a parameter. */
  changed: { id: string; type: string; params: ValueChange[] }[];
  /** Edges added or removed, as "from.port → to.port". */
  rewired: { added: string[]; removed: string[] };
}

/** `{optimizer: {lr: 0.1}}` → `{"optimizer.lr": 0.1}`; arrays stay whole (milestones, betas). */
export function flatten(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = o;
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffValues(a: unknown, b: unknown): ValueChange[] {
  const fa = flatten(a);
  const fb = flatten(b);
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort().filter((k) => !same(fa[k], fb[k])).map((path) => ({ path, a: fa[path], b: fb[path] }));
}

/** Setting paths whose values are not the same in all of these configs (the runs table's "differs" column). */
export function differingPaths(configs: unknown[]): string[] {
  const flat = configs.map((c) => flatten(c));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return keys.filter((k) => flat.some((f) => !same(f[k], flat[0][k])));
}

const edgeName = (e: ProjectDocument['edges'][number]) => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`;

export function diffGraphs(a: Pick<ProjectDocument, 'nodes' | 'edges'>, b: Pick<ProjectDocument, 'nodes' | 'edges'>): GraphDiff {
  const na = new Map(a.nodes.map((n) => [n.id, n]));
  const nb = new Map(b.nodes.map((n) => [n.id, n]));
  const changed: GraphDiff['changed'] = [];
  for (const [id, n] of nb) {
    const old = na.get(id);
    if (!old) continue;
    const params = diffValues(old.params, n.params);
    if (old.type !== n.type) params.unshift({ path: 'type', a: old.type, b: n.type });
    if (params.length) changed.push({ id, type: n.type, params });
  }
  const ea = new Set(a.edges.map(edgeName));
  const eb = new Set(b.edges.map(edgeName));
  return {
    added: b.nodes.filter((n) => !na.has(n.id)).map((n) => ({ id: n.id, type: n.type })),
    removed: a.nodes.filter((n) => !nb.has(n.id)).map((n) => ({ id: n.id, type: n.type })),
    changed,
    rewired: { added: [...eb].filter((e) => !ea.has(e)).sort(), removed: [...ea].filter((e) => !eb.has(e)).sort() },
  };
}
