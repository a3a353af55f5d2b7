/**
 * Layer resolution per document: built-in layers first, then the document's blocks. A block
 * reads like a layer everywhere the UI and the parser look one up (ports, params, summary),
 * as a LayerDef synthesised from its definition; it is never lowered itself, because
 * checking and compiling inline its instances first (./expand.ts).
 */
import type { BlockDef, ProjectDocument } from '../graph/document';
import { CompileError } from '../ir/errors';
import { findLayer } from '../layers/index';
import { inputPorts } from '../layers/ports';
import type { LayerDef, ParamSpec, PortSpec } from '../layers/types';

export type Blocks = Record<string, BlockDef>;

/** The block of this name, own keys only (a block named "constructor" is just a name). */
export function blockOf(blocks: Blocks | undefined, name: string): BlockDef | undefined {
  return blocks && Object.hasOwn(blocks, name) ? blocks[name] : undefined;
}

/** Built-in layer or document block by type name; undefined when neither. */
export function resolveLayer(doc: { blocks?: Blocks }, type: string): LayerDef | undefined {
  return findLayer(type) ?? blockLayer(doc.blocks, type);
}

/** Like resolveLayer, but an unknown type is a named error. */
export function requireLayer(doc: { blocks?: Blocks }, type: string): LayerDef {
  const def = resolveLayer(doc, type);
  if (!def) throw new CompileError('UNKNOWN_LAYER', `Unknown layer type "${type}"`);
  return def;
}

export function isBlockType(doc: { blocks?: Blocks }, type: string): boolean {
  return !findLayer(type) && !!blockOf(doc.blocks, type);
}

// Keyed by the definition object: commands replace a definition when they change it.
const cache = new WeakMap<BlockDef, LayerDef>();

export function blockLayer(blocks: Blocks | undefined, name: string, seen: string[] = []): LayerDef | undefined {
  const block = blockOf(blocks, name);
  if (!block || seen.includes(name)) return undefined;
  const hit = cache.get(block);
  if (hit && hit.type === name) return hit;
  const innerDef = (nodeId: string): LayerDef | undefined => {
    const node = block.nodes.find((n) => n.id === nodeId);
    return node ? (findLayer(node.type) ?? blockLayer(blocks, node.type, [...seen, name])) : undefined;
  };
  const innerInputs = (nodeId: string): PortSpec[] | undefined => {
    const def = innerDef(nodeId);
    return def && inputPorts(def, block.nodes.find((n) => n.id === nodeId)!.params);
  };
  const params: ParamSpec[] = Object.entries(block.params ?? {}).map(([pname, p]) => {
    const first = p.bind[0];
    const spec = first ? innerDef(first.node)?.params.find((s) => s.name === first.param) : undefined;
    const where = p.bind.map((b) => `${b.node}.${b.param}`).join(', ');
    return { ...(spec ?? { kind: 'float' as const }), name: pname, default: p.default, doc: `Sets ${where}${spec ? `: ${spec.doc}` : ''}`, torchRequired: false };
  });
  const pins = (list: BlockDef['inputs'], output: boolean): PortSpec[] => {
    const out: PortSpec[] = [];
    for (const pin of list) {
      if (out.some((p) => p.name === pin.name)) continue;
      const ports = output ? innerDef(pin.node)?.outputs : innerInputs(pin.node);
      const kind = ports?.find((p) => p.name === pin.port)?.kind ?? 'tensor';
      out.push(output ? { name: pin.name, kind } : { name: pin.name, kind, required: true });
    }
    return out;
  };
  const def: LayerDef = {
    type: name,
    category: 'block',
    doc: block.doc ?? `Block of ${block.nodes.length} layers defined in this project`,
    params,
    inputs: pins(block.inputs, false),
    outputs: pins(block.outputs, true),
    summary: (values) => params.map((s) => `${s.name} ${formatValue(values[s.name])}`).join(' · ') || `${block.nodes.length} layers`,
    // Instances are inlined before checking and lowering; these are never the path taken.
    infer: () => ({ outputs: {}, paramCount: 0, flops: 0, diagnostics: [] }),
    lower: () => {
      throw new CompileError('BLOCK_NOT_INLINED', `Block "${name}" must be inlined before lowering`);
    },
  };
  cache.set(block, def);
  return def;
}

function formatValue(v: unknown): string {
  return Array.isArray(v) ? (v.every((x) => x === v[0]) ? String(v[0]) : v.join('×')) : String(v);
}
