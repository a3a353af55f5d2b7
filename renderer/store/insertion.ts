/**
 * Where new layers go and how they are wired, as pure planning functions: each returns one
 * command (one undo step). "After the selection" means after its tail, the selected layer
 * whose output leaves the selection; a layer added there is wired from the tail's output,
 * inserted into the tail's one outgoing wire when it has one, and a loss also gets the
 * Input's labels on its target.
 */
import type { DocEdge, DocNode, ParamValue, PortRef, Position, ProjectDocument } from '../../core/graph/document';
import { layerDef } from './layerLookup';
import { inputPorts } from '../../core/layers/ports';
import type { PortKind, PortSpec } from '../../core/layers/types';
import { topology } from '../../core/graph/topology';
import { freshIds, type Command } from './commands';
import { createNode } from './nodeFactory';
import { estimateNodeSize, portOffset } from '../canvas/nodeSize';
import type { Clip } from './clipboard';

export type Direction = 'LR' | 'TB';
export type Sizes = ReadonlyMap<string, { width: number; height: number }>;

export const DEFAULT_NODE_SIZE = { width: 190, height: 90 };
/** Room between a layer and the next, enough for a wire's shape label. */
export const NODE_GAP = { LR: 110, TB: 60 } as const;

const sizeOf = (sizes: Sizes | undefined, id: string) => sizes?.get(id) ?? DEFAULT_NODE_SIZE;

function firstPort(ports: readonly PortSpec[], kind: PortKind): PortSpec | undefined {
  return ports.find((p) => p.kind === kind);
}

/** The port data leaves a layer by: its first tensor output (Input's `x`). */
export function mainOutput(type: string): string | undefined {
  const def = layerDef(type);
  return def ? firstPort(def.outputs, 'tensor')?.name : undefined;
}

/** The port data enters a layer by: its first tensor input (a loss's `input`). */
export function mainInput(type: string): string | undefined {
  const def = layerDef(type);
  return def ? firstPort(def.inputs, 'tensor')?.name : undefined;
}

/** The selected layer the selection's data leaves from: the last (in data order) whose output goes nowhere inside the selection. */
export function selectionTail(doc: ProjectDocument, nodeIds: readonly string[]): DocNode | undefined {
  if (!nodeIds.length) return undefined;
  const sel = new Set(nodeIds);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (nodeIds.length === 1) return byId.get(nodeIds[0]);
  const feedsSelection = new Set(doc.edges.filter((e) => sel.has(e.from.node) && sel.has(e.to.node)).map((e) => e.from.node));
  const order = topology(doc).order;
  const ends = order.filter((id) => sel.has(id) && !feedsSelection.has(id) && mainOutput(byId.get(id)!.type));
  return byId.get(ends.at(-1) ?? '');
}

/** Labels to a new loss's target come from the graph's Input, as in every training script. */
function labelEdge(doc: ProjectDocument, lossId: string, edgeId: string): DocEdge | null {
  const def = layerDef(doc.nodes.find((n) => n.id === lossId)?.type ?? '', doc);
  const target = def ? firstPort(def.inputs, 'label') : undefined;
  const input = doc.nodes.find((n) => layerDef(n.type, doc)?.outputs.some((p) => p.kind === 'label'));
  if (!target || !input) return null;
  const from = firstPort(layerDef(input.type, doc)!.outputs, 'label')!.name;
  return { id: edgeId, from: { node: input.id, port: from }, to: { node: lossId, port: target.name } };
}

/** One step to the right (LR) or down (TB) of a node, its main input level with the node's main output, so the wire between them is straight. */
export function besideAfter(n: DocNode, sizes: Sizes | undefined, dir: Direction, next: { type: string; size?: { width: number; height: number } }): Position {
  const s = sizeOf(sizes, n.id);
  const nextSize = next.size ?? estimateNodeSize({ type: next.type }, dir);
  const from = portOffset(n.type, mainOutput(n.type) ?? '', 'out', dir, s);
  const to = portOffset(next.type, mainInput(next.type) ?? '', 'in', dir, nextSize);
  return dir === 'LR'
    ? { x: n.position.x + s.width + NODE_GAP.LR, y: Math.round(n.position.y + from - to) }
    : { x: Math.round(n.position.x + from - to), y: n.position.y + s.height + NODE_GAP.TB };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlapsAny(doc: ProjectDocument, boxes: Box[], sizes: Sizes | undefined, ignore?: Set<string>): boolean {
  const margin = 16;
  return doc.nodes.some((n) => {
    if (ignore?.has(n.id)) return false;
    const s = sizeOf(sizes, n.id);
    return boxes.some((b) => b.x < n.position.x + s.width + margin && b.x + b.width + margin > n.position.x && b.y < n.position.y + s.height + margin && b.y + b.height + margin > n.position.y);
  });
}

/**
 * Moves a group of boxes (given relative to `p`) to the nearest spot from `p` where it covers
 * no layer: first along the cross axis (below in LR), as a new branch would sit.
 */
export function freeSpotFor(doc: ProjectDocument, p: Position, boxes: Box[], sizes: Sizes | undefined, dir: Direction = 'LR'): Position {
  const at = (q: Position) => boxes.map((b) => ({ ...b, x: b.x + q.x, y: b.y + q.y }));
  for (let i = 0; i < 60; i++) {
    const q = dir === 'LR' ? { x: p.x, y: p.y + i * 30 } : { x: p.x + i * 40, y: p.y };
    if (!overlapsAny(doc, at(q), sizes)) return q;
  }
  return p;
}

export interface AddOptions {
  /** Where the new layer goes (its top-left). */
  at?: Position;
  /** `at` is where the user pointed (a drop, a double-click, a dropped wire): keep it exactly; else find a free spot near it. */
  pointed?: boolean;
  /** Wire from this output (a wire dropped on empty canvas). */
  from?: PortRef;
  /** Wire into this input (a wire dragged backwards from an input). */
  to?: PortRef;
  /** Insert into this wire. */
  intoEdge?: string;
  /** Place after the selection's tail and wire it (palette Enter, double-click, a drop near it). */
  after?: readonly string[];
  params?: Record<string, ParamValue>;
  sizes?: Sizes;
  dir?: Direction;
}

export interface Plan {
  cmd: Command;
  nodeIds: string[];
  label: string;
}

/** Adds one layer, placed and wired as `opts` says; always one command. */
export function planAddLayer(doc: ProjectDocument, type: string, opts: AddOptions = {}): Plan {
  const dir = opts.dir ?? 'LR';
  const [id] = freshIds(doc.nodes.map((n) => n.id), 'n', 1);
  const edgeIds = freshIds(doc.edges.map((e) => e.id), 'e', 3);
  const inPort = mainInput(type);
  const outPort = mainOutput(type);
  const label = `Add ${type}`;
  const make = (p: Position) => {
    const node = createNode(type, id, p);
    return opts.params ? { ...node, params: { ...node.params, ...opts.params } } : node;
  };
  const box = [{ x: 0, y: 0, ...DEFAULT_NODE_SIZE }];
  const placed = (p: Position) => make(opts.pointed ? p : freeSpotFor(doc, p, box, opts.sizes, dir));

  const intoEdge = opts.intoEdge ? doc.edges.find((e) => e.id === opts.intoEdge) : undefined;
  if (intoEdge && inPort && outPort && portKind(doc, intoEdge.from, 'out') === 'tensor') return planInsert(doc, intoEdge, make, opts, label);

  const edges: DocEdge[] = [];
  let from = opts.from;
  let position = opts.at;
  if (!from && !opts.to && opts.after?.length && inPort) {
    const tail = selectionTail(doc, opts.after);
    const tailOut = tail ? mainOutput(tail.type) : undefined;
    if (tail && tailOut) {
      const next = doc.edges.filter((e) => e.from.node === tail.id && e.from.port === tailOut);
      // A layer added after one already wired to exactly one next layer goes between the two.
      if (next.length === 1 && outPort) return planInsert(doc, next[0], make, opts, label);
      from = { node: tail.id, port: tailOut };
      if (!opts.pointed) position = besideAfter(tail, opts.sizes, dir, { type });
    } else if (tail && !opts.pointed) {
      // After a layer with no output (a loss): beside it, unwired, rather than somewhere else.
      position = besideAfter(tail, opts.sizes, dir, { type });
    }
  }
  const def = layerDef(type, doc);
  // A dropped wire lands on the new layer's port of the same kind: labels go to a loss's target.
  const fromKind = from ? portKind(doc, from, 'out') : undefined;
  const toKind = opts.to ? portKind(doc, opts.to, 'in') : undefined;
  const into = fromKind && def ? firstPort(def.inputs, fromKind)?.name : undefined;
  const outOf = toKind && def ? firstPort(def.outputs, toKind)?.name : undefined;
  if (from && into) edges.push({ id: edgeIds[0], from, to: { node: id, port: into } });
  if (opts.to && outOf) edges.push({ id: edgeIds[0], from: { node: id, port: outOf }, to: opts.to });
  const node = placed(position ?? { x: 0, y: 0 });
  const labels = labelEdge({ ...doc, nodes: [...doc.nodes, node] }, id, edgeIds[1]);
  if (labels && !edges.some((e) => e.to.node === id && e.to.port === labels.to.port)) edges.push(labels);
  // A wire into an occupied input replaces the old one (connect semantics), in the same step.
  const replaced = doc.edges.filter((e) => edges.some((n) => n.to.node === e.to.node && n.to.port === e.to.port)).map((e) => e.id);
  const add: Command = { kind: 'addNodes', nodes: [node], edges };
  return { cmd: replaced.length ? { kind: 'batch', commands: [{ kind: 'remove', nodeIds: [], edgeIds: replaced }, add] } : add, nodeIds: [id], label };
}

function portKind(doc: ProjectDocument, ref: PortRef, side: 'in' | 'out'): PortKind | undefined {
  const n = doc.nodes.find((x) => x.id === ref.node);
  const def = n ? layerDef(n.type, doc) : undefined;
  return (side === 'in' ? (def ? inputPorts(def, n!.params) : undefined) : def?.outputs)?.find((p) => p.name === ref.port)?.kind;
}

/**
 * Into an existing wire, right after its source, the layers downstream moving along to make
 * room (Blender's auto-offset), all in one step. Where on the wire it was dropped does not
 * matter: the result is tidy either way.
 */
function planInsert(doc: ProjectDocument, edge: DocEdge, make: (p: Position) => DocNode, opts: AddOptions, label: string): Plan {
  const dir = opts.dir ?? 'LR';
  const a = doc.nodes.find((n) => n.id === edge.from.node)!;
  const b = doc.nodes.find((n) => n.id === edge.to.node)!;
  const type = make({ x: 0, y: 0 }).type;
  const position = besideAfter(a, opts.sizes, dir, { type });
  const node = make(position);
  const [e1, e2] = freshIds(doc.edges.map((e) => e.id), 'e', 2) as [string, string];
  const insert: Command = { kind: 'insertNodeOnEdge', edgeId: edge.id, node, inPort: mainInput(type)!, outPort: mainOutput(type)!, newEdgeIds: [e1, e2] };
  const shift = roomFor(doc, node.position, b, dir);
  return { cmd: shift ? { kind: 'batch', commands: [insert, shift] } : insert, nodeIds: [node.id], label: `Insert ${type}` };
}

/** If `b` (and everything downstream of it) sits too close after the new node, push them on. */
function roomFor(doc: ProjectDocument, p: Position, b: DocNode, dir: Direction): Command | null {
  const need = dir === 'LR' ? p.x + DEFAULT_NODE_SIZE.width + NODE_GAP.LR - b.position.x : p.y + DEFAULT_NODE_SIZE.height + NODE_GAP.TB - b.position.y;
  if (need <= 0) return null;
  const downstream = new Set([b.id]);
  const stack = [b.id];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of doc.edges) if (e.from.node === id && !downstream.has(e.to.node)) downstream.add(e.to.node), stack.push(e.to.node);
  }
  const positions: Record<string, Position> = {};
  for (const n of doc.nodes) {
    // Only what lies ahead moves: the Input feeding a loss's labels stays where it is.
    if (!downstream.has(n.id)) continue;
    positions[n.id] = dir === 'LR' ? { x: n.position.x + need, y: n.position.y } : { x: n.position.x, y: n.position.y + need };
  }
  return { kind: 'moveNodes', positions };
}

export interface PasteOptions {
  /** Flow position of the pointer over the canvas, if it is there: the clip's top-left goes there. */
  at?: Position | null;
  /** Current selection: a clip whose entry is free is wired after its tail. */
  after?: readonly string[];
  sizes?: Sizes;
  dir?: Direction;
  /** Place right after the tail (duplicate of a chain) rather than at the pointer. */
  chain?: boolean;
}

/** Parameters that can be "auto" (taken from the incoming shape) set back to "auto". */
function inferFromInput(type: string, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const auto = (layerDef(type)?.params ?? []).filter((p) => p.kind === 'intOrAuto' && params[p.name] !== 'auto');
  return auto.length ? { ...params, ...Object.fromEntries(auto.map((p) => [p.name, 'auto'])) } : params;
}

/** The clip's one entry: a layer whose main input is not fed from inside the clip. */
function clipEntry(clip: Clip): DocNode | undefined {
  const fed = new Set(clip.edges.map((e) => `${e.to.node}.${e.to.port}`));
  const entries = clip.nodes.filter((n) => {
    const p = mainInput(n.type);
    return p && !fed.has(`${n.id}.${p}`);
  });
  return entries.length === 1 ? entries[0] : undefined;
}

function bounds(nodes: DocNode[], sizes: Sizes | undefined): Box {
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const right = Math.max(...nodes.map((n) => n.position.x + sizeOf(sizes, n.id).width));
  const bottom = Math.max(...nodes.map((n) => n.position.y + sizeOf(sizes, n.id).height));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * Pastes a clip as one command: at the pointer when there is one, else beside the originals,
 * never on top of a layer; wired after the selection's tail when the tail's output is free,
 * the selection was fed from outside (it is part of a chain) and the clip has one entry.
 */
export function planPaste(doc: ProjectDocument, clip: Clip, opts: PasteOptions = {}): Plan {
  const dir = opts.dir ?? 'LR';
  const nodeIds = freshIds(doc.nodes.map((n) => n.id), 'n', clip.nodes.length);
  const edgeIds = freshIds(doc.edges.map((e) => e.id), 'e', clip.edges.length + 1);
  const map = new Map(clip.nodes.map((n, i) => [n.id, nodeIds[i]]));
  const box = bounds(clip.nodes, opts.sizes);
  const rel = clip.nodes.map((n) => ({ x: n.position.x - box.x, y: n.position.y - box.y, ...sizeOf(opts.sizes, n.id) }));

  const tail = opts.after?.length ? selectionTail(doc, opts.after) : undefined;
  const tailOut = tail ? mainOutput(tail.type) : undefined;
  const entry = clipEntry(clip);
  const selected = new Set(opts.after ?? []);
  const partOfChain = !!opts.after?.some((id) => doc.edges.some((e) => e.to.node === id && !selected.has(e.from.node)));
  const tailFree = !!tail && !!tailOut && !doc.edges.some((e) => e.from.node === tail.id && e.from.port === tailOut);
  const wire = tail && tailOut && entry && tailFree && partOfChain ? { from: { node: tail.id, port: tailOut }, to: { node: map.get(entry.id)!, port: mainInput(entry.type)! } } : null;

  let origin: Position;
  if (wire && (opts.chain || !opts.at)) {
    // The repeated block continues the chain: its entry sits one step after the tail.
    const entryRel = rel[clip.nodes.indexOf(entry!)];
    const after = besideAfter(tail!, opts.sizes, dir, { type: entry!.type, size: entryRel });
    origin = { x: after.x - entryRel.x, y: after.y - entryRel.y };
  } else if (opts.at) origin = opts.at;
  else origin = dir === 'LR' ? { x: box.x, y: box.y + box.height + NODE_GAP.TB } : { x: box.x + box.width + NODE_GAP.LR, y: box.y };
  origin = freeSpotFor(doc, origin, rel, opts.sizes, dir);

  const nodes = clip.nodes.map((n, i) => ({
    ...structuredClone(n),
    id: nodeIds[i],
    position: { x: Math.round(origin.x + rel[i].x), y: Math.round(origin.y + rel[i].y) },
  }));
  const edges: DocEdge[] = clip.edges.map((e, i) => ({
    ...structuredClone(e),
    id: edgeIds[i],
    from: { node: map.get(e.from.node)!, port: e.from.port },
    to: { node: map.get(e.to.node)!, port: e.to.port },
  }));
  if (wire) {
    edges.push({ id: edgeIds[clip.edges.length], ...wire });
    // The entry now takes its input from the new wire: sizes read off the input (in_channels, in_features) follow it.
    const i = clip.nodes.indexOf(entry!);
    nodes[i] = { ...nodes[i], params: inferFromInput(entry!.type, nodes[i].params) };
  }
  return { cmd: { kind: 'addNodes', nodes, edges }, nodeIds, label: 'Paste' };
}

/** Can a wire from `from` go into a new layer of `type` (for the quick-add list)? */
export function acceptsFrom(doc: ProjectDocument, from: PortRef, type: string): boolean {
  const kind = portKind(doc, from, 'out');
  return !!kind && !!layerDef(type, doc)?.inputs.some((p) => p.kind === kind);
}

/** Can a new layer of `type` feed the input `to`? */
export function feeds(doc: ProjectDocument, to: PortRef, type: string): boolean {
  const kind = portKind(doc, to, 'in');
  return !!kind && !!layerDef(type, doc)?.outputs.some((p) => p.kind === kind);
}
