import type { ProjectDocument } from '../graph/document';
import { topology } from '../graph/topology';
import { findLayer } from '../layers/index';
import { normalizeParams, validateParam } from '../layers/params';
import { inputPorts, portIndex } from '../layers/ports';
import type { TensorType } from '../layers/types';
import type { Diagnostic } from './diagnostics';
import type { CheckResult, NodeCheck } from './types';
import { usesBlocks } from '../blocks/expand';
import { checkThroughBlocks } from './throughBlocks';

/**
 * Shape-checks a document: per-node output types, parameter counts and FLOPs, and every
 * problem tied to the node that causes it. Pure and fast (runs on every edit in the UI).
 * Shapes are per sample; the batch dimension is symbolic.
 */
export function checkDocument(doc: ProjectDocument): CheckResult {
  return usesBlocks(doc) ? checkThroughBlocks(doc, checkFlat) : checkFlat(doc);
}

/** The check of a document of built-in layers only (blocks already inlined). */
function checkFlat(doc: ProjectDocument): CheckResult {
  const diagnostics: Diagnostic[] = [];
  // Keyed by ids from the document: null-prototype, so an id like "__proto__" is just a key.
  const nodes: Record<string, NodeCheck> = Object.create(null);
  const edges: Record<string, TensorType | null> = Object.create(null);
  const topo = topology(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));

  for (const id of topo.cyclic) {
    diagnostics.push({ code: 'GRAPH_CYCLE', severity: 'error', nodeId: id, message: 'This layer is part of a cycle; data must flow one way from Input to the loss. Remove one of the edges in the loop' });
  }

  for (const id of topo.order) {
    const node = byId.get(id)!;
    const def = findLayer(node.type);
    if (!def) {
      diagnostics.push({ code: 'UNKNOWN_LAYER', severity: 'error', nodeId: id, message: `Unknown layer type "${node.type}"` });
      nodes[id] = { outputs: {}, params: node.params, paramCount: 0, flops: 0 };
      continue;
    }
    const paramErrors = def.params
      .filter((s) => s.name in node.params)
      .map((s) => validateParam(s, node.params[s.name]))
      .filter((m): m is string => m !== null);
    const params = normalizeParams(def.params, node.params);
    const inputs: Record<string, TensorType | undefined> = {};
    const inputEdges: Record<string, string | undefined> = {};
    const inputSources: Record<string, { nodeId: string; type: string; port: string } | undefined> = {};
    let upstreamUnknown = false;
    const ports = inputPorts(def, node.params);
    for (const [name, list] of topo.incoming.get(id)!) {
      if (ports.some((p) => p.name === name)) continue;
      // An edge into a port the node no longer has (num_inputs lowered): say so, and offer the ports back.
      const k = portIndex(name);
      const more = k >= 0 && def.params.some((s) => s.name === 'num_inputs') ? k + 1 : undefined;
      for (const e of list) {
        diagnostics.push({
          code: 'EDGE_UNKNOWN_PORT', severity: 'error', nodeId: id, edgeId: e.id, port: name,
          message: `${node.type} has no input "${name}"${more ? `; set num_inputs to ${more} or delete the connection` : '; delete the connection'}`,
          fix: more ? { kind: 'setParam', nodeId: id, param: 'num_inputs', value: more, label: `set num_inputs to ${more}` } : undefined,
        });
      }
    }
    for (const port of ports) {
      const list = topo.incoming.get(id)!.get(port.name) ?? [];
      if (list.length > 1) {
        diagnostics.push({ code: 'PORT_MULTIPLE_EDGES', severity: 'error', nodeId: id, port: port.name, message: `Input "${port.name}" has ${list.length} incoming connections; keep one` });
      }
      const edge = list[0];
      if (!edge) {
        if (port.required) {
          diagnostics.push({ code: 'GRAPH_UNCONNECTED_INPUT', severity: 'error', nodeId: id, port: port.name, message: `Input "${port.name}" of ${node.type} is not connected${port.kind === 'label' ? "; connect Input's y (the labels)" : ''}` });
        }
        continue;
      }
      const t = edges[edge.id] ?? null;
      inputEdges[port.name] = edge.id;
      inputSources[port.name] = { nodeId: edge.from.node, type: byId.get(edge.from.node)?.type ?? '', port: edge.from.port };
      if (t) inputs[port.name] = t;
      else upstreamUnknown = true;
    }
    for (const msg of paramErrors) {
      diagnostics.push({ code: 'PARAM_INVALID', severity: 'error', nodeId: id, message: msg });
    }
    if (paramErrors.length) {
      nodes[id] = { outputs: Object.fromEntries(def.outputs.map((p) => [p.name, null])), params, paramCount: 0, flops: 0 };
    } else {
      const r = def.infer({ nodeId: id, params, inputs, inputEdges, inputSources });
      diagnostics.push(...r.diagnostics);
      const outputs = upstreamUnknown ? Object.fromEntries(def.outputs.map((p) => [p.name, null])) : r.outputs;
      nodes[id] = { outputs, params: r.resolvedParams ?? params, paramCount: r.paramCount, flops: r.flops };
    }
    for (const e of topo.outgoing.get(id)!) {
      const known = def.outputs.some((p) => p.name === e.from.port);
      edges[e.id] = known ? (nodes[id].outputs[e.from.port] ?? null) : null;
      if (!known) {
        diagnostics.push({ code: 'EDGE_UNKNOWN_PORT', severity: 'error', edgeId: e.id, nodeId: id, message: `${node.type} has no output "${e.from.port}"` });
      }
    }
  }
  for (const e of doc.edges) if (!(e.id in edges)) edges[e.id] = null;

  const lossNodes = doc.nodes.filter((n) => findLayer(n.type)?.category === 'loss').map((n) => n.id);
  const graph = graphLevelDiagnostics(doc, lossNodes, topo);
  const ignored = graph.filter((d) => d.code === 'NODE_UNUSED').map((d) => d.nodeId!);
  const ignoredSet = new Set(ignored);
  const counted = Object.entries(nodes).filter(([id]) => !ignoredSet.has(id)).map(([, n]) => n);
  return {
    nodes,
    edges,
    diagnostics: [...demoteIgnored(diagnostics, ignoredSet), ...graph],
    order: topo.order,
    totalParams: counted.reduce((a, n) => a + n.paramCount, 0),
    totalFlops: counted.reduce((a, n) => a + n.flops, 0),
    lossNodes,
    ignored,
  };
}

function graphLevelDiagnostics(doc: ProjectDocument, lossNodes: string[], topo: ReturnType<typeof topology>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inputs = doc.nodes.filter((n) => n.type === 'Input');
  if (doc.nodes.length === 0) return out;
  if (inputs.length === 0) {
    out.push({ code: 'GRAPH_NO_INPUT', severity: 'error', message: 'The model has no Input node; add one to feed it data' });
  } else if (inputs.length > 1) {
    for (const n of inputs.slice(1)) {
      out.push({ code: 'GRAPH_MULTIPLE_INPUTS', severity: 'error', nodeId: n.id, message: 'Only one Input node is supported; remove this one' });
    }
  }
  if (lossNodes.length === 0) {
    const last = lastLayer(doc, topo);
    // A problem of the model, not of the last layer: shown on the model summary, where no node's popover covers its neighbours.
    out.push({
      code: 'GRAPH_NO_LOSS',
      severity: 'error',
      message: 'The model has no loss, so it cannot be trained; add CrossEntropyLoss after the last layer',
      fix: last ? { kind: 'addLoss', afterNodeId: last, lossType: 'CrossEntropyLoss', label: 'add CrossEntropyLoss' } : undefined,
    });
  } else if (lossNodes.length > 1) {
    for (const id of lossNodes.slice(1)) {
      out.push({ code: 'GRAPH_MULTIPLE_LOSSES', severity: 'error', nodeId: id, message: 'Only one loss is supported; remove this one' });
    }
  }
  // Layers that do not lead to the loss are trained for nothing.
  const feeding = new Set(lossNodes);
  const cyclic = new Set(topo.cyclic);
  for (let i = topo.order.length - 1; i >= 0; i--) {
    const id = topo.order[i];
    if (topo.outgoing.get(id)!.some((e) => feeding.has(e.to.node))) feeding.add(id);
  }
  if (lossNodes.length) {
    for (const n of doc.nodes) {
      if (!feeding.has(n.id) && !cyclic.has(n.id)) {
        out.push({ code: 'NODE_UNUSED', severity: 'warning', nodeId: n.id, message: `${n.type} does not lead to the loss, so it is ignored in training; connect it or delete it` });
      }
    }
  }
  return out;
}

/**
 * A layer that does not lead to the loss is ignored by training and export (NODE_UNUSED says
 * so), so its own problems cannot stop a run: an unconnected input is what NODE_UNUSED
 * already says, other errors (a shape mismatch) become warnings on that node. Cycles stay
 * errors.
 */
function demoteIgnored(nodeDiagnostics: Diagnostic[], ignored: Set<string>): Diagnostic[] {
  return nodeDiagnostics
    .filter((d) => !(d.code === 'GRAPH_UNCONNECTED_INPUT' && ignored.has(d.nodeId!)))
    .map((d) => (d.severity === 'error' && d.code !== 'GRAPH_CYCLE' && ignored.has(d.nodeId!) ? { ...d, severity: 'warning' as const } : d));
}

/** The node a new loss would attach to: the last non-loss node without outgoing edges. */
function lastLayer(doc: ProjectDocument, topo: ReturnType<typeof topology>): string | undefined {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (let i = topo.order.length - 1; i >= 0; i--) {
    const id = topo.order[i];
    const node = byId.get(id)!;
    if (node.type !== 'Input' && topo.outgoing.get(id)!.length === 0) return id;
  }
  return undefined;
}
