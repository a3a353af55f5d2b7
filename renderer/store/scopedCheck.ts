/**
 * What the canvas shows inside an open block: the project's check, read at the instance the
 * block was opened from. Inner layers get that instance's shapes, parameter counts and
 * problems (with fixes that now name the definition's own nodes), so a shape error inside an
 * instance is on the inner node once the block is open.
 */
import type { Diagnostic, Fix } from '../../core/check/diagnostics';
import type { CheckResult, NodeCheck } from '../../core/check/types';
import type { PortRef, ProjectDocument } from '../../core/graph/document';
import { topology } from '../../core/graph/topology';
import { blockOf } from '../../core/blocks/resolve';

export function checkInScope(root: CheckResult, prefix: string, view: ProjectDocument): CheckResult {
  const flat = root.flat?.check;
  const nodes: Record<string, NodeCheck> = Object.create(null);
  const edges: CheckResult['edges'] = Object.create(null);
  const diagnostics: Diagnostic[] = [];
  const base = { nodes, edges, diagnostics, order: topology(view).order, totalParams: 0, totalFlops: 0, lossNodes: [], ignored: [] };
  if (!flat) return base;
  for (const n of view.nodes) {
    const id = prefix + n.id;
    if (flat.nodes[id]) {
      nodes[n.id] = flat.nodes[id];
      continue;
    }
    // A block inside the block: the sum of its layers, its output pins followed down to them.
    const members = Object.entries(flat.nodes).filter(([k]) => k.startsWith(`${id}/`));
    const block = blockOf(view.blocks, n.type);
    const outputs: NodeCheck['outputs'] = {};
    for (const pin of block?.outputs ?? []) {
      const at = pinSource(view, n.type, pin.name, id);
      outputs[pin.name] = at ? (flat.nodes[at.node]?.outputs[at.port] ?? null) : null;
    }
    nodes[n.id] = { outputs, params: n.params, paramCount: members.reduce((a, [, c]) => a + c.paramCount, 0), flops: members.reduce((a, [, c]) => a + c.flops, 0) };
  }
  for (const e of view.edges) edges[e.id] = flat.edges[prefix + e.id] ?? null;
  for (const d of flat.diagnostics) {
    if (!d.nodeId?.startsWith(prefix) || d.code === 'NODE_UNUSED') continue;
    const rest = d.nodeId.slice(prefix.length);
    const local = rest.split('/')[0];
    diagnostics.push({ ...d, nodeId: local, path: rest === local ? undefined : d.nodeId, edgeId: localId(d.edgeId, prefix), fix: localFix(d.fix, prefix), fixes: d.fixes?.map((f) => localFix(f, prefix)).filter((f): f is Fix => !!f) });
  }
  base.totalParams = Object.values(nodes).reduce((a, c) => a + c.paramCount, 0);
  base.totalFlops = Object.values(nodes).reduce((a, c) => a + c.flops, 0);
  return base;
}

function localId(id: string | undefined, prefix: string): string | undefined {
  return id?.startsWith(prefix) && !id.slice(prefix.length).includes('/') ? id.slice(prefix.length) : undefined;
}

/** A fix for a node of this definition, renamed to its local id; fixes for deeper nodes are dropped (open that block to fix them). */
function localFix(fix: Fix | undefined, prefix: string): Fix | undefined {
  if (!fix) return undefined;
  if (fix.kind === 'setParam') {
    const id = localId(fix.nodeId, prefix);
    return id ? { ...fix, nodeId: id } : undefined;
  }
  if (fix.kind === 'insertFlatten') {
    const id = localId(fix.edgeId, prefix);
    return id ? { ...fix, edgeId: id } : undefined;
  }
  return undefined;
}

function pinSource(doc: ProjectDocument, type: string, pin: string, path: string): PortRef | undefined {
  const block = blockOf(doc.blocks, type);
  const p = block?.outputs.find((o) => o.name === pin);
  if (!block || !p) return undefined;
  const inner = block.nodes.find((n) => n.id === p.node);
  if (inner && blockOf(doc.blocks, inner.type)) return pinSource(doc, inner.type, p.port, `${path}/${p.node}`);
  return { node: `${path}/${p.node}`, port: p.port };
}
