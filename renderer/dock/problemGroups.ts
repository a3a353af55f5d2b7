/**
 * The checker's problems as people should see them: while a graph is being built every new
 * layer is "not connected yet", and nineteen red lines for that would drown the one real
 * error. Those become one grouped hint per kind ("3 layers not connected yet"); everything
 * else stays one item per problem, named after its layer ("Linear fc2") or the model. Pure,
 * linear in the number of problems.
 */
import type { Diagnostic } from '../../core/check/diagnostics';
import type { CheckResult } from '../../core/check/types';
import type { DocNode, ProjectDocument } from '../../core/graph/document';
import { nodeName } from '../store/names';

/** Problems that are a normal state of a graph under construction. */
const GROUPS: Record<string, (n: number) => string> = {
  GRAPH_UNCONNECTED_INPUT: (n) => `${n} layer${n === 1 ? '' : 's'} not connected yet`,
  NODE_UNUSED: (n) => `${n} layer${n === 1 ? '' : 's'} not leading to the loss yet`,
};

export function isBuildingHint(d: Diagnostic): boolean {
  return d.code in GROUPS;
}

export type ProblemItem =
  | { kind: 'problem'; diagnostic: Diagnostic; nodeId?: string; where: string }
  | { kind: 'group'; code: string; title: string; nodeIds: string[]; names: string[] };

function nodeIdOf(d: Diagnostic, edgeTarget: Map<string, string>): string | undefined {
  return d.nodeId ?? (d.edgeId ? edgeTarget.get(d.edgeId) : undefined);
}

/** Errors first, then warnings, then the grouped hints. */
export function problemItems(doc: ProjectDocument, check: CheckResult): ProblemItem[] {
  const byId = new Map<string, DocNode>(doc.nodes.map((n) => [n.id, n]));
  const edgeTarget = new Map(doc.edges.map((e) => [e.id, e.to.node]));
  const singles: ProblemItem[] = [];
  const grouped = new Map<string, string[]>();
  for (const d of check.diagnostics) {
    const nodeId = nodeIdOf(d, edgeTarget);
    if (isBuildingHint(d) && nodeId) {
      const list = grouped.get(d.code) ?? [];
      if (!list.includes(nodeId)) list.push(nodeId);
      grouped.set(d.code, list);
      continue;
    }
    const node = nodeId ? byId.get(nodeId) : undefined;
    singles.push({ kind: 'problem', diagnostic: d, nodeId, where: node ? nodeName(node) : 'Model' });
  }
  const rank = (i: ProblemItem) => (i.kind === 'problem' && i.diagnostic.severity === 'error' ? 0 : 1);
  singles.sort((a, b) => rank(a) - rank(b));
  const groups: ProblemItem[] = [...grouped].map(([code, nodeIds]) => ({
    kind: 'group',
    code,
    title: GROUPS[code](nodeIds.length),
    nodeIds,
    names: nodeIds.map((id) => (byId.get(id) ? nodeName(byId.get(id)!) : id)),
  }));
  return [...singles, ...groups];
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  /** Grouped "not connected yet" hints. */
  hints: number;
}

export function problemCounts(items: ProblemItem[]): ProblemCounts {
  const c = { errors: 0, warnings: 0, hints: 0 };
  for (const i of items) {
    if (i.kind === 'group') c.hints++;
    else if (i.diagnostic.severity === 'error') c.errors++;
    else c.warnings++;
  }
  return c;
}

/** "2 errors · 1 warning · 1 hint" — only the parts that are there; "no problems" otherwise. */
export function countsText(c: ProblemCounts): string {
  const parts: string[] = [];
  if (c.errors) parts.push(`${c.errors} error${c.errors === 1 ? '' : 's'}`);
  if (c.warnings) parts.push(`${c.warnings} warning${c.warnings === 1 ? '' : 's'}`);
  if (c.hints) parts.push(`${c.hints} hint${c.hints === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' · ') : 'no problems';
}
