/**
 * Typed edit commands and the pure functions that apply them.
 *
 * Every edit of the document goes through `applyCommand`, so the history (history.ts)
 * can record exactly what changed and undo it. Commands carry every id they create:
 * applying one is deterministic, which keeps undo/redo and tests simple.
 */
import type { BlockDef, DocEdge, DocNode, ParamValue, Position, ProjectDocument, TrainingConfig } from '../../core/graph/document';

export type Command =
  | { kind: 'addNodes'; nodes: DocNode[]; edges?: DocEdge[] }
  | { kind: 'remove'; nodeIds: string[]; edgeIds: string[] }
  | { kind: 'moveNodes'; positions: Record<string, Position> }
  | { kind: 'setParam'; nodeId: string; param: string; value: ParamValue }
  | { kind: 'setLabel'; nodeId: string; label: string }
  /** Freeze (false) or unfreeze a layer for fine-tuning; trainable is the default, so it is not stored. */
  | { kind: 'setTrainable'; nodeId: string; trainable: boolean }
  | { kind: 'connect'; edge: DocEdge }
  /** Moves one end of an existing wire (drag the wire's end to another port): one step, not delete + connect. */
  | { kind: 'reconnect'; edgeId: string; edge: DocEdge }
  | { kind: 'insertNodeOnEdge'; edgeId: string; node: DocNode; inPort: string; outPort: string; newEdgeIds: [string, string] }
  | { kind: 'setTraining'; patch: Partial<TrainingConfig> }
  | { kind: 'rename'; name: string }
  /** Adds, replaces (edits of a definition reach every instance) or, with null, removes a block definition. */
  | { kind: 'setBlock'; name: string; block: BlockDef | null }
  /** Several commands as one edit (insert a layer and make room for it): one undo step. */
  | { kind: 'batch'; commands: Command[] };

export function applyCommand(doc: ProjectDocument, cmd: Command): ProjectDocument {
  switch (cmd.kind) {
    case 'addNodes':
      return {
        ...doc,
        nodes: [...doc.nodes, ...cmd.nodes],
        edges: cmd.edges?.length ? [...doc.edges, ...cmd.edges] : doc.edges,
      };
    case 'remove':
      return removeElements(doc, cmd.nodeIds, cmd.edgeIds);
    case 'moveNodes':
      return mapNodes(doc, (n) => {
        // Own keys only: an id like "__proto__" must not read Object.prototype.
        const p = Object.hasOwn(cmd.positions, n.id) ? cmd.positions[n.id] : undefined;
        return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: p.x, y: p.y } } : n;
      });
    case 'setParam':
      return mapNodes(doc, (n) =>
        n.id === cmd.nodeId && n.params[cmd.param] !== cmd.value ? { ...n, params: { ...n.params, [cmd.param]: cmd.value } } : n,
      );
    case 'setLabel':
      return mapNodes(doc, (n) => {
        if (n.id !== cmd.nodeId) return n;
        const label = cmd.label.trim();
        if ((n.label ?? '') === label) return n;
        const { label: _old, ...rest } = n;
        return label ? { ...rest, label } : (rest as DocNode);
      });
    case 'setTrainable':
      return mapNodes(doc, (n) => {
        if (n.id !== cmd.nodeId || (n.trainable !== false) === cmd.trainable) return n;
        const { trainable: _old, ...rest } = n;
        return cmd.trainable ? (rest as DocNode) : { ...rest, trainable: false };
      });
    case 'connect':
      return connect(doc, cmd.edge);
    case 'reconnect':
      return connect({ ...doc, edges: doc.edges.filter((e) => e.id !== cmd.edgeId) }, cmd.edge);
    case 'insertNodeOnEdge':
      return insertNodeOnEdge(doc, cmd);
    case 'setTraining':
      return { ...doc, training: { ...doc.training, ...cmd.patch } };
    case 'rename':
      return cmd.name === doc.name ? doc : { ...doc, name: cmd.name };
    case 'setBlock':
      return setBlock(doc, cmd.name, cmd.block);
    case 'batch':
      return cmd.commands.reduce(applyCommand, doc);
  }
}

/** The blocks map is one field of the document: the history records it as one before/after pair. */
function setBlock(doc: ProjectDocument, name: string, block: BlockDef | null): ProjectDocument {
  const blocks = { ...(doc.blocks ?? {}) };
  if (block) blocks[name] = block;
  else delete blocks[name];
  if (Object.keys(blocks).length) return { ...doc, blocks };
  const { blocks: _gone, ...rest } = doc;
  return rest as ProjectDocument;
}

/** Keeps node identity for untouched nodes: the history diff and React memoisation both rely on it. */
function mapNodes(doc: ProjectDocument, f: (n: DocNode) => DocNode): ProjectDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const m = f(n);
    if (m !== n) changed = true;
    return m;
  });
  return changed ? { ...doc, nodes } : doc;
}

function removeElements(doc: ProjectDocument, nodeIds: string[], edgeIds: string[]): ProjectDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  // Edges touching a removed node go with it; a dangling edge is never valid.
  const keptEdges = doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.from.node) && !nodes.has(e.to.node));
  const keptNodes = doc.nodes.filter((n) => !nodes.has(n.id));
  if (keptEdges.length === doc.edges.length && keptNodes.length === doc.nodes.length) return doc;
  return { ...doc, nodes: keptNodes, edges: keptEdges };
}

/** An input port takes one edge: connecting to an occupied port replaces its edge. */
function connect(doc: ProjectDocument, edge: DocEdge): ProjectDocument {
  const edges = doc.edges.filter((e) => !(e.to.node === edge.to.node && e.to.port === edge.to.port));
  return { ...doc, edges: [...edges, edge] };
}

function insertNodeOnEdge(doc: ProjectDocument, cmd: Extract<Command, { kind: 'insertNodeOnEdge' }>): ProjectDocument {
  const old = doc.edges.find((e) => e.id === cmd.edgeId);
  if (!old) return doc;
  const [a, b] = cmd.newEdgeIds;
  const edges = doc.edges.filter((e) => e.id !== cmd.edgeId);
  edges.push({ id: a, from: old.from, to: { node: cmd.node.id, port: cmd.inPort } });
  edges.push({ id: b, from: { node: cmd.node.id, port: cmd.outPort }, to: old.to });
  return { ...doc, nodes: [...doc.nodes, cmd.node], edges };
}

/** Smallest unused `<prefix><k>` id; short ids keep files and ONNX node names readable. */
export function freshIds(taken: Iterable<string>, prefix: string, count: number): string[] {
  const used = new Set(taken);
  const out: string[] = [];
  for (let k = 1; out.length < count; k++) {
    const id = `${prefix}${k}`;
    if (!used.has(id)) {
      used.add(id);
      out.push(id);
    }
  }
  return out;
}

/** Does an edge from `from` to `to` close a cycle? (Is `from` reachable from `to`?) */
export function wouldCreateCycle(doc: ProjectDocument, from: string, to: string): boolean {
  if (from === to) return true;
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = next.get(e.from.node);
    if (list) list.push(e.to.node);
    else next.set(e.from.node, [e.to.node]);
  }
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === from) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of next.get(n) ?? []) stack.push(m);
  }
  return false;
}
