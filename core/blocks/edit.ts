/**
 * Block edits as pure document transforms (the editor wraps them in commands, tests call
 * them directly): Make block from a selection, Ungroup one instance back into layers.
 */
import type { CheckResult } from '../check/types';
import type { BlockDef, BlockPin, DocEdge, DocNode, ParamBinding, ParamValue, Position, ProjectDocument } from '../graph/document';
import { findLayer } from '../layers/index';
import { blockOf, resolveLayer } from './resolve';

export class BlockEditError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface MakeBlockPlan {
  name: string;
  block: BlockDef;
  instance: DocNode;
  /** Selected nodes and every edge touching them, replaced by the instance and `addEdges`. */
  removeNodeIds: string[];
  removeEdgeIds: string[];
  addEdges: DocEdge[];
}

/** Inner parameters worth exposing by default: what PyTorch makes you spell (out_channels, kernel_size, out_features). */
export function suggestExposed(doc: ProjectDocument, nodeIds: string[]): ParamBinding[] {
  const out: ParamBinding[] = [];
  for (const id of nodeIds) {
    const n = doc.nodes.find((x) => x.id === id);
    const def = n && resolveLayer(doc, n.type);
    for (const s of def?.params ?? []) if (s.torchRequired && s.kind !== 'intOrAuto') out.push({ node: id, param: s.name });
  }
  return out;
}

/** A free block name from `base` (CustomLayer, CustomLayer2, ...). */
export function freshBlockName(doc: ProjectDocument, base = 'CustomLayer'): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? base : `${base}${k}`;
    if (!findLayer(name) && !blockOf(doc.blocks, name)) return name;
  }
}

/**
 * The selection as a block: pins from the edges that cross it (one input pin per outside
 * source, feeding every inner port that source fed; one output pin per inner source read
 * outside), `expose` as block parameters (named after the inner parameter, or
 * `<node>_<param>` when two share a name) with the current values as defaults. Inner
 * parameters the checker infers ("auto" ones, like in_channels) go back to "auto", so the
 * block fits wherever it is used next.
 */
export function planMakeBlock(
  doc: ProjectDocument,
  check: CheckResult,
  nodeIds: string[],
  opts: { name: string; instanceId: string; expose: ParamBinding[] },
): MakeBlockPlan {
  const inside = new Set(nodeIds);
  const chosen = doc.nodes.filter((n) => inside.has(n.id));
  if (!chosen.length) throw new BlockEditError('BLOCK_EMPTY', 'Select the layers to make a block of');
  for (const n of chosen) {
    const cat = resolveLayer(doc, n.type)?.category;
    if (cat === 'input' || cat === 'loss') throw new BlockEditError('BLOCK_CONTENT', `${n.type} cannot go into a block: blocks hold layers, the data and the loss stay in the main graph`);
  }
  if (findLayer(opts.name) || blockOf(doc.blocks, opts.name)) throw new BlockEditError('BLOCK_NAME', `There is already a layer or block called ${opts.name}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.name)) throw new BlockEditError('BLOCK_NAME', 'A block name is a word of letters, digits and _, like CustomLayer');

  const origin = { x: Math.min(...chosen.map((n) => n.position.x)), y: Math.min(...chosen.map((n) => n.position.y)) };
  const nodes: DocNode[] = chosen.map((n) => {
    const def = resolveLayer(doc, n.type);
    const params = { ...n.params };
    for (const s of def?.params ?? []) if (s.kind === 'intOrAuto' && typeof params[s.name] === 'number' && s.default === 'auto') params[s.name] = 'auto';
    return { ...n, params, position: { x: n.position.x - origin.x, y: n.position.y - origin.y } };
  });
  const edges = doc.edges.filter((e) => inside.has(e.from.node) && inside.has(e.to.node));
  const incoming = doc.edges.filter((e) => !inside.has(e.from.node) && inside.has(e.to.node));
  const outgoing = doc.edges.filter((e) => inside.has(e.from.node) && !inside.has(e.to.node));

  const inputs: BlockPin[] = [];
  const addEdges: DocEdge[] = [];
  const bySource = groupBy(incoming, (e) => `${e.from.node}:${e.from.port}`);
  const inNames = pinNames(bySource.length, 'in');
  bySource.forEach((group, i) => {
    for (const e of group) inputs.push({ name: inNames[i], node: e.to.node, port: e.to.port });
    addEdges.push({ id: group[0].id, from: group[0].from, to: { node: opts.instanceId, port: inNames[i] } });
  });
  const outputs: BlockPin[] = [];
  const byInner = groupBy(outgoing, (e) => `${e.from.node}:${e.from.port}`);
  const outNames = pinNames(Math.max(byInner.length, 1), 'out');
  byInner.forEach((group, i) => {
    outputs.push({ name: outNames[i], node: group[0].from.node, port: group[0].from.port });
    for (const e of group) addEdges.push({ id: e.id, from: { node: opts.instanceId, port: outNames[i] }, to: e.to });
  });
  if (!outputs.length) {
    // Nothing outside reads it yet: the last layer's first output is the block's output.
    const last = [...check.order].reverse().find((id) => inside.has(id)) ?? chosen.at(-1)!.id;
    const port = resolveLayer(doc, doc.nodes.find((n) => n.id === last)!.type)?.outputs[0]?.name ?? 'out';
    outputs.push({ name: 'out', node: last, port });
  }

  const params: BlockDef['params'] = {};
  const taken = new Map<string, number>();
  for (const b of opts.expose) taken.set(b.param, (taken.get(b.param) ?? 0) + 1);
  for (const b of opts.expose) {
    const name = taken.get(b.param)! > 1 ? `${b.node}_${b.param}` : b.param;
    const node = doc.nodes.find((n) => n.id === b.node);
    const spec = node && resolveLayer(doc, node.type)?.params.find((s) => s.name === b.param);
    if (!node || !spec) continue;
    const value = (Object.hasOwn(node.params, b.param) ? node.params[b.param] : spec.default) as ParamValue;
    params[name] = { default: Array.isArray(value) ? [...value] : value, bind: [{ node: b.node, param: b.param }] };
  }

  const block: BlockDef = { params, inputs, outputs, nodes, edges };
  const instance: DocNode = { id: opts.instanceId, type: opts.name, params: {}, position: origin };
  const touching = doc.edges.filter((e) => inside.has(e.from.node) || inside.has(e.to.node)).map((e) => e.id);
  return { name: opts.name, block, instance, removeNodeIds: [...inside], removeEdgeIds: touching, addEdges };
}

export interface UngroupPlan {
  removeNodeIds: string[];
  removeEdgeIds: string[];
  addNodes: DocNode[];
  addEdges: DocEdge[];
}

/**
 * One instance back into its layers (the definition stays for the other instances): inner
 * nodes get fresh top-level ids (`<instance>_<inner>`), the instance's parameter values are
 * written into the bound inner parameters, and the wires to its pins go to the inner ports.
 */
export function planUngroup(doc: ProjectDocument, instanceId: string, taken: (id: string) => boolean): UngroupPlan {
  const inst = doc.nodes.find((n) => n.id === instanceId);
  const block = inst && !findLayer(inst.type) ? blockOf(doc.blocks, inst.type) : undefined;
  if (!inst || !block) throw new BlockEditError('NOT_A_BLOCK', 'Select a block instance to ungroup');
  const ids = new Map<string, string>();
  for (const n of block.nodes) {
    let id = `${instanceId}_${n.id}`;
    for (let k = 2; taken(id) || [...ids.values()].includes(id); k++) id = `${instanceId}_${n.id}${k}`;
    ids.set(n.id, id);
  }
  const values = new Map<string, Record<string, ParamValue>>();
  for (const [name, p] of Object.entries(block.params ?? {})) {
    const v = (Object.hasOwn(inst.params, name) ? inst.params[name] : p.default) as ParamValue;
    for (const b of p.bind) values.set(b.node, { ...(values.get(b.node) ?? {}), [b.param]: v });
  }
  const at = (p: Position) => ({ x: inst.position.x + p.x, y: inst.position.y + p.y });
  const addNodes = block.nodes.map((n) => ({ ...n, id: ids.get(n.id)!, params: { ...n.params, ...(values.get(n.id) ?? {}) }, position: at(n.position) }));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const freshEdge = (base: string) => {
    let id = base;
    for (let k = 2; edgeIds.has(id); k++) id = `${base}_${k}`;
    edgeIds.add(id);
    return id;
  };
  const addEdges: DocEdge[] = block.edges.map((e) => ({ ...e, id: freshEdge(`${instanceId}_${e.id}`), from: { node: ids.get(e.from.node)!, port: e.from.port }, to: { node: ids.get(e.to.node)!, port: e.to.port } }));
  const touching = doc.edges.filter((e) => e.from.node === instanceId || e.to.node === instanceId);
  for (const e of touching) {
    if (e.to.node === instanceId) {
      block.inputs.filter((p) => p.name === e.to.port).forEach((p, i) => addEdges.push({ ...e, id: i ? freshEdge(`${e.id}_${i}`) : e.id, to: { node: ids.get(p.node)!, port: p.port } }));
    } else {
      const pin = block.outputs.find((p) => p.name === e.from.port);
      if (pin) addEdges.push({ ...e, from: { node: ids.get(pin.node)!, port: pin.port } });
    }
  }
  return { removeNodeIds: [instanceId], removeEdgeIds: touching.map((e) => e.id), addNodes, addEdges };
}

/** The block's params with (node, param) exposed or not: a new definition, or the same one when nothing changes. */
export function toggleExposed(block: BlockDef, node: DocNode, param: string, on: boolean, doc: Pick<ProjectDocument, 'blocks'>): BlockDef {
  const params = { ...(block.params ?? {}) };
  const bound = Object.entries(params).find(([, p]) => p.bind.some((b) => b.node === node.id && b.param === param));
  if (on === !!bound) return block;
  if (!on) {
    const [name, p] = bound!;
    const bind = p.bind.filter((b) => !(b.node === node.id && b.param === param));
    if (bind.length) params[name] = { ...p, bind };
    else delete params[name];
    return { ...block, params };
  }
  const spec = resolveLayer(doc, node.type)?.params.find((s) => s.name === param);
  const name = params[param] ? `${node.id}_${param}` : param;
  const value = Object.hasOwn(node.params, param) ? node.params[param] : (spec?.default ?? null);
  params[name] = { default: Array.isArray(value) ? [...value] : value, bind: [{ node: node.id, param }] };
  return { ...block, params };
}

function groupBy<T>(list: T[], key: (x: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const x of list) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return [...m.values()];
}

function pinNames(count: number, base: string): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}${i + 1}`));
}
