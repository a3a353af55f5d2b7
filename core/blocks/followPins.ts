/**
 * What the wires at a block's instances do when its pins change (issue #8). Instance edges
 * use pin names as port names, so a renamed pin carries them along and a removed one drops
 * them: in the document's own graph, and in every other definition that uses the block (its
 * edges, and its own pins when they stand for a port of an inner instance, which may change
 * that block's signature in turn).
 */
import type { BlockDef, BlockPin, DocEdge, DocNode, PortRef } from '../graph/document';
import type { PinSide } from './pins';
import { blockOf, type Blocks } from './resolve';

/** Old pin name → its new name, or null when it is gone; names that stay as they were are absent. */
export interface PinMapping {
  in: Map<string, string | null>;
  out: Map<string, string | null>;
}

/** How the pins of a definition moved from `before` to `after`, one side at a time. */
export function pinMapping(before: BlockDef, after: BlockDef): PinMapping {
  return { in: sideMapping(before.inputs, after.inputs), out: sideMapping(before.outputs, after.outputs) };
}

export const isIdentity = (m: PinMapping) => m.in.size === 0 && m.out.size === 0;

/**
 * A rename is read off the two states, not recorded, so any sequence of edits (rename twice,
 * rename then rewire) comes out right: an old name that is gone, whose inner ports now all
 * belong to one new name that did not exist before. Anything else that is gone is a removal.
 * A name still present keeps its wires, so a swap of two pins is no rename (both names are
 * still there); two old names landing on one new name are neither (which wire would the one
 * port keep?).
 */
function sideMapping(before: BlockPin[], after: BlockPin[]): Map<string, string | null> {
  const key = (p: PortRef) => JSON.stringify([p.node, p.port]);
  const oldNames = new Set(before.map((p) => p.name));
  const newNames = new Set(after.map((p) => p.name));
  const ownersNow = new Map<string, Set<string>>();
  for (const p of after) ownersNow.set(key(p), (ownersNow.get(key(p)) ?? new Set()).add(p.name));
  const mapping = new Map<string, string | null>();
  const claims = new Map<string, string[]>();
  for (const name of oldNames) {
    if (newNames.has(name)) continue;
    const owners = new Set(before.filter((p) => p.name === name).flatMap((p) => [...(ownersNow.get(key(p)) ?? [])]));
    const [only] = owners;
    const renamed = owners.size === 1 && !oldNames.has(only) ? only : null;
    mapping.set(name, renamed);
    if (renamed) claims.set(renamed, [...(claims.get(renamed) ?? []), name]);
  }
  for (const names of claims.values()) if (names.length > 1) for (const n of names) mapping.set(n, null);
  return mapping;
}

/** Where a port of an instance goes: its new name, null (gone), undefined (not an instance, or unchanged). */
type Follow = (side: PinSide, end: PortRef) => string | null | undefined;

const follower = (isInstance: (id: string) => boolean, m: PinMapping): Follow => (side, end) =>
  isInstance(end.node) && m[side].has(end.port) ? m[side].get(end.port)! : undefined;

/**
 * The edges with the ends at an instance (`isInstance`) following the mapping: an edge into
 * an old input name or out of an old output name takes the new name, or is dropped when the
 * pin is gone. The same array when no edge changes, so the history sees no edit.
 */
export function followPinMapping(edges: DocEdge[], isInstance: (id: string) => boolean, m: PinMapping): DocEdge[] {
  const next = follower(isInstance, m);
  let changed = false;
  const out: DocEdge[] = [];
  for (const e of edges) {
    const to = next('in', e.to);
    const from = next('out', e.from);
    if (to === undefined && from === undefined) {
      out.push(e);
      continue;
    }
    changed = true;
    if (to === null || from === null) continue;
    out.push({ ...e, from: from ? { ...e.from, port: from } : e.from, to: to ? { ...e.to, port: to } : e.to });
  }
  return changed ? out : edges;
}

/** A definition's pins that stand for an inner instance's port, following like wires do (`side`: which ports of the inner node). */
function followPinList(pins: BlockPin[], side: PinSide, next: Follow): BlockPin[] {
  let changed = false;
  const out: BlockPin[] = [];
  for (const p of pins) {
    const port = next(side, p);
    if (port === undefined) out.push(p);
    else {
      changed = true;
      if (port) out.push({ ...p, port });
    }
  }
  return changed ? out : pins;
}

interface Graph {
  nodes: DocNode[];
  edges: DocEdge[];
}

const instancesOf = (nodes: DocNode[], block: string) => {
  const ids = new Set(nodes.filter((n) => n.type === block).map((n) => n.id));
  return (id: string) => ids.has(id);
};

/** A graph (a document's or a definition's) whose instances of `block` follow the mapping; the same object when none is touched. */
export function followPinsInGraph<G extends Graph>(graph: G, block: string, m: PinMapping): G {
  const edges = followPinMapping(graph.edges, instancesOf(graph.nodes, block), m);
  return edges === graph.edges ? graph : { ...graph, edges };
}

/** A definition whose edges and pins follow; `nodes`: its current inner nodes (an open block's are the view's). */
function followPinsInDef(def: BlockDef, block: string, m: PinMapping, nodes: DocNode[]): BlockDef {
  const isInstance = instancesOf(nodes, block);
  const next = follower(isInstance, m);
  const edges = followPinMapping(def.edges, isInstance, m);
  const inputs = followPinList(def.inputs, 'in', next);
  const outputs = followPinList(def.outputs, 'out', next);
  return edges === def.edges && inputs === def.inputs && outputs === def.outputs ? def : { ...def, edges, inputs, outputs };
}

const samePins = (a: BlockDef, b: BlockDef) =>
  (a.inputs === b.inputs || JSON.stringify(a.inputs) === JSON.stringify(b.inputs)) && (a.outputs === b.outputs || JSON.stringify(a.outputs) === JSON.stringify(b.outputs));

/**
 * `doc` (a graph with its blocks map) after its definitions changed from `before`: for every
 * block whose pins differ, the wires at its instances follow, in the graph itself and in every
 * other definition of the map. Inner blocks go first, so a definition whose pins followed an
 * inner block's is followed in turn. `own`: the block whose definition `doc`'s graph is (an
 * open block's view), whose pins stand for ports of the graph's nodes. Blocks added or
 * removed have no old pins to follow.
 */
export function followPinChanges<D extends Graph & { blocks?: Blocks }>(doc: D, before: Blocks | undefined, own?: string): D {
  let out = doc;
  for (const name of innerFirst(doc.blocks ?? {}, own, doc.nodes)) {
    const old = blockOf(before, name);
    const def = out.blocks![name];
    if (!old || old === def || samePins(old, def)) continue;
    const m = pinMapping(old, def);
    if (isIdentity(m)) continue;
    out = followPinsInGraph(out, name, m);
    let blocks: Blocks | undefined;
    for (const [other, d] of Object.entries(out.blocks!)) {
      const next = other === name ? d : followPinsInDef(d, name, m, other === own ? out.nodes : d.nodes);
      if (next !== d) (blocks ??= { ...out.blocks! })[other] = next;
    }
    if (blocks) out = { ...out, blocks };
  }
  return out;
}

/** Block names, every block after the blocks used inside it (blocks nest without cycles; `seen` guards a bad file). */
function innerFirst(blocks: Blocks, own: string | undefined, ownNodes: DocNode[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const n of name === own ? ownNodes : blocks[name].nodes) if (blockOf(blocks, n.type)) visit(n.type);
    order.push(name);
  };
  for (const name of Object.keys(blocks)) visit(name);
  return order;
}
