/**
 * The rules for a document's `blocks` map, applied by the project parser (and so by every
 * API entry point and by block library files): a skeleton schema, then names, inner graphs
 * (the same rules as the document's own graph), pins, exposed parameters, and no block that
 * contains itself. Every message names the block, and the inner node where there is one.
 */
import { z } from 'zod';
import type { BlockDef, DocEdge, DocNode, ParamValue } from '../graph/document';
import { findLayer } from '../layers/index';
import { validateParam } from '../layers/params';
import { inputPorts } from '../layers/ports';
import { blockOf, resolveLayer, type Blocks } from './resolve';

type Fail = (code: string, message: string, needle?: string, nodeId?: string) => never;
type GraphValidator = (
  nodes: never[], edges: never[], rawNodes: Record<string, unknown>[], rawEdges: Record<string, unknown>[],
  resolver: { blocks?: Blocks }, fail: Fail, where: string,
) => { nodes: DocNode[]; edges: DocEdge[] };

const is = (error: string) => ({ error });
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function blockSchema(node: z.ZodType, edge: z.ZodType) {
  const pin = z.looseObject({ name: z.string(is('must be a pin name')).min(1), node: z.string(is('must be a node id')), port: z.string(is('must be a port name')) }, is('must be {"name", "node", "port"}'));
  const binding = z.object({ node: z.string(is('must be a node id')), param: z.string(is('must be a parameter name')) }, is('must be {"node", "param"}'));
  return z.looseObject(
    {
      params: z.record(z.string(), z.looseObject({ default: z.unknown(), bind: z.array(binding, is('must be a list of {"node", "param"}')) }, is('must be {"default", "bind"}'))).optional(),
      inputs: z.array(pin, is('must be a list of pins')),
      outputs: z.array(pin, is('must be a list of pins')),
      nodes: z.array(node, is('must be a list of nodes')),
      edges: z.array(edge, is('must be a list of edges')),
      doc: z.string(is('must be a string')).optional(),
    },
    is('must be a block definition {"params", "inputs", "outputs", "nodes", "edges"}'),
  );
}

/** The block definitions, validated; undefined when the document has none. */
export function validateBlocks(raw: unknown, parsed: Record<string, Record<string, unknown>> | undefined, fail: Fail, validateGraph: GraphValidator): Blocks | undefined {
  if (!parsed) return undefined;
  const rawBlocks = raw as Record<string, Record<string, unknown>>;
  const names = Object.keys(parsed);
  for (const name of names) {
    if (!IDENTIFIER.test(name)) return fail('DOC_BLOCK_NAME', `block "${name}": a block name must be a word of letters, digits and _ (it becomes a class name), like CustomLayer`, `"${name}"`);
    if (findLayer(name)) return fail('DOC_BLOCK_NAME', `block "${name}": ${name} is a built-in layer; give the block another name`, `"${name}"`);
  }
  const cycle = findCycle(parsed as unknown as Blocks);
  if (cycle) return fail('DOC_BLOCK_CYCLE', `block "${cycle[0]}" contains itself (${cycle.join(' → ')}); a block cannot be used inside its own definition`, `"${cycle[0]}"`);
  // Structure first, so inner instances resolve against every block's pins and params.
  const skeleton = parsed as unknown as Blocks;
  const blocks: Blocks = Object.create(null);
  for (const name of names) {
    const b = parsed[name] as unknown as BlockDef;
    const where = `block "${name}": `;
    const rawB = rawBlocks[name];
    const graph = validateGraph(b.nodes as never[], b.edges as never[], rawB.nodes as Record<string, unknown>[], rawB.edges as Record<string, unknown>[], { blocks: skeleton }, fail, where);
    for (const n of graph.nodes) {
      const cat = findLayer(n.type)?.category;
      if (cat === 'input' || cat === 'loss') return fail('DOC_BLOCK_CONTENT', `${where}node "${n.id}" is ${n.type === 'Input' ? 'an Input' : `a loss (${n.type})`}; blocks hold layers only, the data and the loss stay in the main graph`, `"${n.id}"`, n.id);
    }
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const seenOut = new Set<string>();
    for (const [side, pins] of [['input', b.inputs], ['output', b.outputs]] as const) {
      for (const pin of pins) {
        const node = byId.get(pin.node);
        if (!node) return fail('DOC_BLOCK_PIN', `${where}${side} pin "${pin.name}" refers to node "${pin.node}", which is not in the block`, `"${pin.name}"`);
        const def = resolveLayer({ blocks: skeleton }, node.type)!;
        const ports = side === 'input' ? inputPorts(def, node.params) : def.outputs;
        if (!ports.some((p) => p.name === pin.port)) return fail('DOC_BLOCK_PIN', `${where}${side} pin "${pin.name}": node "${pin.node}" (${node.type}) has no ${side} "${pin.port}" (${side}s: ${ports.map((p) => p.name).join(', ') || 'none'})`, `"${pin.name}"`, pin.node);
        if (side === 'output') {
          if (seenOut.has(pin.name)) return fail('DOC_BLOCK_PIN', `${where}two output pins are named "${pin.name}"`, `"${pin.name}"`);
          seenOut.add(pin.name);
        }
      }
    }
    if (!b.outputs.length) return fail('DOC_BLOCK_PIN', `${where}a block needs at least one output pin`, `"${name}"`);
    const params = b.params ?? {};
    for (const [pname, p] of Object.entries(params)) {
      if (!IDENTIFIER.test(pname)) return fail('DOC_BLOCK_PARAM', `${where}parameter "${pname}" must be a word of letters, digits and _`, `"${pname}"`);
      if (!p.bind.length) return fail('DOC_BLOCK_PARAM', `${where}parameter "${pname}" sets no inner parameter; bind it to one like {"node": "conv", "param": "out_channels"}`, `"${pname}"`);
      for (const bind of p.bind) {
        const node = byId.get(bind.node);
        if (!node) return fail('DOC_BLOCK_PARAM', `${where}parameter "${pname}" sets node "${bind.node}", which is not in the block`, `"${pname}"`);
        const spec = resolveLayer({ blocks: skeleton }, node.type)!.params.find((s) => s.name === bind.param);
        if (!spec) return fail('DOC_BLOCK_PARAM', `${where}parameter "${pname}" sets "${bind.param}" of node "${bind.node}" (${node.type}), which has no such parameter`, `"${pname}"`, bind.node);
        const problem = validateParam({ ...spec, name: pname }, p.default as ParamValue);
        if (problem) return fail('DOC_BLOCK_PARAM', `${where}default of ${problem}, got ${JSON.stringify(p.default)}`, `"${pname}"`);
      }
    }
    blocks[name] = { ...rawB, ...b, params, nodes: graph.nodes, edges: graph.edges } as BlockDef;
  }
  return { ...blocks };
}

/** A chain of block names that leads back to its start (A → B → A), or null. */
export function findCycle(blocks: Blocks): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): string[] | null => {
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    if (state.get(name) === 'done') return null;
    state.set(name, 'open');
    const block = blockOf(blocks, name)!;
    for (const n of Array.isArray(block.nodes) ? block.nodes : []) {
      if (typeof n?.type === 'string' && !findLayer(n.type) && blockOf(blocks, n.type)) {
        const c = visit(n.type, [...path, name]);
        if (c) return c;
      }
    }
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(blocks)) {
    const c = visit(name, []);
    if (c) return c;
  }
  return null;
}
