/**
 * Checking a document with block instances: inline them (core/blocks/expand.ts), check the
 * flat document, then fold the result back onto the nodes the user sees. An instance gets
 * its output pins' types and the sum of its inner layers' parameters and FLOPs; a problem
 * inside it is shown on the instance, with the inner path in its words and in `path`, and
 * keeps its fix (which names the inner node; the editor applies it to the definition).
 */
import { expandBlocks } from '../blocks/expand';
import { requireLayer } from '../blocks/resolve';
import type { ProjectDocument } from '../graph/document';
import { topology } from '../graph/topology';
import { CompileError } from '../ir/errors';
import { normalizeParams } from '../layers/params';
import type { Diagnostic } from './diagnostics';
import type { CheckResult, NodeCheck } from './types';

export function checkThroughBlocks(doc: ProjectDocument, checkFlat: (doc: ProjectDocument) => CheckResult): CheckResult {
  let expansion: ReturnType<typeof expandBlocks>;
  try {
    expansion = expandBlocks(doc);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return {
      nodes: Object.create(null), edges: Object.create(null), order: [], totalParams: 0, totalFlops: 0, lossNodes: [], ignored: [],
      diagnostics: [{ code: e.code, severity: 'error', message: e.message, nodeId: e.nodeId }],
    };
  }
  const flat = checkFlat(expansion.doc);
  const { topOf } = expansion;
  const top = (id: string) => topOf.get(id) ?? id.split('/')[0];
  const nodes: Record<string, NodeCheck> = Object.create(null);
  const inner: Record<string, NodeCheck> = Object.create(null);
  const sums = new Map<string, { paramCount: number; flops: number }>();
  for (const [id, c] of Object.entries(flat.nodes)) {
    if (!id.includes('/')) continue;
    inner[id] = c;
    const s = sums.get(top(id)) ?? { paramCount: 0, flops: 0 };
    s.paramCount += c.paramCount;
    s.flops += c.flops;
    sums.set(top(id), s);
  }
  for (const n of doc.nodes) {
    const outs = expansion.instanceOutputs.get(n.id);
    if (!outs) {
      if (flat.nodes[n.id]) nodes[n.id] = flat.nodes[n.id];
      continue;
    }
    const def = requireLayer(doc, n.type);
    const s = sums.get(n.id) ?? { paramCount: 0, flops: 0 };
    nodes[n.id] = {
      outputs: Object.fromEntries(def.outputs.map((p) => [p.name, outs[p.name] ? (flat.nodes[outs[p.name].node]?.outputs[outs[p.name].port] ?? null) : null])),
      params: normalizeParams(def.params, n.params),
      paramCount: s.paramCount,
      flops: s.flops,
    };
  }
  const edges: CheckResult['edges'] = Object.create(null);
  for (const e of doc.edges) edges[e.id] = flat.edges[e.id] ?? null;

  const diagnostics: Diagnostic[] = [];
  const unusedShown = new Set<string>();
  for (const d of flat.diagnostics) {
    if (!d.nodeId || !d.nodeId.includes('/')) {
      diagnostics.push(d);
      continue;
    }
    const owner = top(d.nodeId);
    if (d.code === 'NODE_UNUSED') {
      // One warning per instance, not one per inner layer.
      if (unusedShown.has(owner)) continue;
      unusedShown.add(owner);
      const type = doc.nodes.find((n) => n.id === owner)?.type ?? 'Block';
      diagnostics.push({ ...d, nodeId: owner, message: `${type} does not lead to the loss, so it is ignored in training; connect it or delete it` });
      continue;
    }
    const local = d.nodeId.slice(owner.length + 1);
    diagnostics.push({ ...d, nodeId: owner, path: d.nodeId, message: `${local} (inside ${owner}): ${d.message}` });
  }
  // A top-level node is ignored when every flat layer it stands for is.
  const members = new Map<string, string[]>();
  for (const [id, t] of topOf) members.set(t, [...(members.get(t) ?? []), id]);
  const ignoredFlat = new Set(flat.ignored);
  const ignored = doc.nodes.map((n) => n.id).filter((id) => (members.get(id) ?? []).length > 0 && members.get(id)!.every((f) => ignoredFlat.has(f)));
  return {
    nodes,
    edges,
    diagnostics,
    order: topology(doc).order,
    totalParams: flat.totalParams,
    totalFlops: flat.totalFlops,
    lossNodes: [...new Set(flat.lossNodes.map(top))],
    ignored,
    inner,
    flat: { doc: expansion.doc, check: flat },
  };
}
