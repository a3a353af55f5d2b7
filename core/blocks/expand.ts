/**
 * Inlining: a document with block instances becomes the flat document of built-in layers it
 * stands for. Inner node and edge ids are paths (`res1/conv1`), so everything downstream —
 * checker, parameter layout (`res1/conv1.weight`), ONNX node names (`res1/conv1.fwd`),
 * exports — names the exact inner node without knowing about blocks. An edge from outside
 * keeps its id (one copy per inner port the pin feeds: `e3`, `e3#1`, ...).
 */
import type { DocEdge, DocNode, PortRef, ProjectDocument } from '../graph/document';
import { CompileError } from '../ir/errors';
import { findLayer } from '../layers/index';
import { blockOf, type Blocks } from './resolve';

export interface Expansion {
  doc: ProjectDocument;
  /** Flat node id → the top-level node it came from (itself for top-level built-ins). */
  topOf: Map<string, string>;
  /** Top-level instance id → where each output pin lands in the flat document. */
  instanceOutputs: Map<string, Record<string, PortRef>>;
}

/** Does the document use any block (so the flat document differs from it)? */
export function usesBlocks(doc: ProjectDocument): boolean {
  return !!doc.blocks && doc.nodes.some((n) => !findLayer(n.type) && !!blockOf(doc.blocks, n.type));
}

interface Graph {
  nodes: DocNode[];
  edges: DocEdge[];
}

interface Expanded extends Graph {
  inputsOf(node: string, port: string): PortRef[];
  outputOf(node: string, port: string): PortRef | undefined;
}

export function expandBlocks(doc: ProjectDocument): Expansion {
  const topOf = new Map<string, string>();
  const instanceOutputs = new Map<string, Record<string, PortRef>>();
  if (!usesBlocks(doc)) {
    for (const n of doc.nodes) topOf.set(n.id, n.id);
    return { doc, topOf, instanceOutputs };
  }
  const blocks = doc.blocks!;
  const flat = expandGraph(doc, '', blocks, []);
  for (const n of flat.nodes) topOf.set(n.id, n.id.split('/')[0]);
  for (const n of doc.nodes) {
    const block = findLayer(n.type) ? undefined : blockOf(blocks, n.type);
    if (!block) continue;
    const outs: Record<string, PortRef> = {};
    for (const pin of block.outputs) {
      const at = flat.outputOf(n.id, pin.name);
      if (at) outs[pin.name] = at;
    }
    instanceOutputs.set(n.id, outs);
  }
  const ids = new Set<string>();
  for (const n of flat.nodes) {
    if (ids.has(n.id)) throw new CompileError('BLOCK_ID_CLASH', `Two layers are both named "${n.id}" once blocks are inlined; rename the node "${n.id}"`, n.id.split('/')[0]);
    ids.add(n.id);
  }
  return { doc: { ...doc, nodes: flat.nodes, edges: flat.edges }, topOf, instanceOutputs };
}

function expandGraph(g: Graph, prefix: string, blocks: Blocks, stack: string[]): Expanded {
  const nodes: DocNode[] = [];
  const edges: DocEdge[] = [];
  const subs = new Map<string, Expanded>();
  const pins = new Map<string, { inputs: Map<string, { node: string; port: string }[]>; outputs: Map<string, { node: string; port: string }> }>();
  for (const node of g.nodes) {
    const block = findLayer(node.type) ? undefined : blockOf(blocks, node.type);
    if (!block) {
      nodes.push(prefix ? { ...node, id: prefix + node.id } : node);
      continue;
    }
    if (stack.includes(node.type)) {
      throw new CompileError('BLOCK_CYCLE', `Block "${node.type}" contains itself (${[...stack, node.type].join(' → ')})`, node.id);
    }
    const sub = expandGraph({ nodes: boundNodes(node, blocks), edges: block.edges }, `${prefix}${node.id}/`, blocks, [...stack, node.type]);
    subs.set(node.id, sub);
    const inputs = new Map<string, { node: string; port: string }[]>();
    for (const pin of block.inputs) inputs.set(pin.name, [...(inputs.get(pin.name) ?? []), pin]);
    pins.set(node.id, { inputs, outputs: new Map(block.outputs.map((p) => [p.name, p])) });
    nodes.push(...sub.nodes);
    edges.push(...sub.edges);
  }
  const inputsOf = (id: string, port: string): PortRef[] => {
    const sub = subs.get(id);
    if (!sub) return [{ node: prefix + id, port }];
    return (pins.get(id)!.inputs.get(port) ?? []).flatMap((p) => sub.inputsOf(p.node, p.port));
  };
  const outputOf = (id: string, port: string): PortRef | undefined => {
    const sub = subs.get(id);
    if (!sub) return { node: prefix + id, port };
    const pin = pins.get(id)!.outputs.get(port);
    return pin ? sub.outputOf(pin.node, pin.port) : undefined;
  };
  for (const e of g.edges) {
    const from = outputOf(e.from.node, e.from.port);
    // An edge from a pin that does not exist stays visible to the checker (as an unknown port).
    const src = from ?? { node: prefix + e.from.node, port: e.from.port };
    const targets = inputsOf(e.to.node, e.to.port);
    targets.forEach((to, i) => edges.push({ ...e, id: `${prefix}${e.id}${i ? `#${i}` : ''}`, from: src, to }));
  }
  return { nodes, edges, inputsOf, outputOf };
}

/** The block's inner nodes with this instance's exposed parameters written into the bound inner params. */
function boundNodes(instance: DocNode, blocks: Blocks): DocNode[] {
  const block = blockOf(blocks, instance.type)!;
  const values = new Map<string, Record<string, unknown>>();
  for (const [name, p] of Object.entries(block.params ?? {})) {
    const v = Object.hasOwn(instance.params, name) && instance.params[name] !== undefined ? instance.params[name] : p.default;
    for (const b of p.bind) values.set(b.node, { ...(values.get(b.node) ?? {}), [b.param]: v });
  }
  return block.nodes.map((n) => {
    const set = values.get(n.id);
    return set ? { ...n, params: { ...n.params, ...set } as DocNode['params'] } : n;
  });
}
