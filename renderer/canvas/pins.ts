/**
 * An open block's pins drawn inside it (issue #8): each input pin is a small node that
 * wires out to the inner ports it feeds, each output pin a node the inner result wires into.
 * The wires are derived from the definition's `inputs`/`outputs` (BlockPin: name → inner
 * node port), never stored as edges; rewiring one rewrites that list with one `setBlock`
 * command, so it is one undo step and every instance (they share the definition) follows.
 */
import type { Node } from '@xyflow/react';
import type { ConnectionLike } from './connectRules';
import type { BlockDef, BlockPin, ProjectDocument } from '../../core/graph/document';
import type { CheckResult } from '../../core/check/types';
import type { TensorType } from '../../core/layers/types';
import { inputPorts } from '../../core/layers/ports';
import { layerDef } from '../store/layerLookup';
import type { Command } from '../store/commands';
import type { ScopeFrame } from '../store/editor';
import { pinMapping } from '../../core/blocks/followPins';
import type { PinSide } from '../../core/blocks/pins';
import { formatBatchShape, formatShape } from '../util/format';
import type { Measured, ShapeFlowEdge } from './toFlow';

export type { PinSide };
/** The one handle a pin node has. */
export const PIN_HANDLE = 'pin';

export interface PinNodeData extends Record<string, unknown> {
  side: PinSide;
  name: string;
  /** Per-sample shape through the pin ('?' when unknown). */
  shape: string;
}
export type PinFlowNode = Node<PinNodeData, 'pin'>;

const PREFIX: Record<PinSide, string> = { in: 'pin-in:', out: 'pin-out:' };
export const pinNodeId = (side: PinSide, name: string) => PREFIX[side] + name;
export function pinOf(id: string | null | undefined): { side: PinSide; name: string } | null {
  if (!id) return null;
  for (const side of ['in', 'out'] as const) if (id.startsWith(PREFIX[side])) return { side, name: id.slice(PREFIX[side].length) };
  return null;
}
const pinEdgeId = (side: PinSide, i: number, p: BlockPin) => `${PREFIX[side]}${i}:${p.name}>${p.node}.${p.port}`;
export const isPinEdge = (id: string) => pinOf(id) !== null;

/** The distinct pin names, in order (an input fanning out to several inner ports is one pin). */
export const pinNames = (pins: BlockPin[]) => [...new Set(pins.map((p) => p.name))];

/** The pins as nodes: inputs in a column left of the inner graph, outputs right of it. */
export function pinNodes(def: BlockDef, check: CheckResult, measured: Measured, inputShape: (name: string) => TensorType | null | undefined): PinFlowNode[] {
  const xs = def.nodes.map((n) => n.position.x);
  const ys = def.nodes.map((n) => n.position.y);
  const right = def.nodes.map((n) => n.position.x + (measured.get(n.id)?.width ?? 190));
  const minX = xs.length ? Math.min(...xs) : 0;
  const maxX = right.length ? Math.max(...right) : 200;
  const minY = ys.length ? Math.min(...ys) : 0;
  const node = (side: PinSide, name: string, i: number): PinFlowNode => ({
    id: pinNodeId(side, name),
    type: 'pin',
    position: { x: side === 'in' ? minX - 170 : maxX + 70, y: minY + i * 70 },
    draggable: false,
    selectable: false,
    deletable: false,
    // React Flow gives no pointer events to a node neither selectable nor draggable; a pin takes its double-click (rename) and right-click.
    style: { pointerEvents: 'all' },
    data: { side, name, shape: pinShapeText(def, side, name, check, inputShape) },
  });
  return [...pinNames(def.inputs).map((name, i) => node('in', name, i)), ...def.outputs.map((p, i) => node('out', p.name, i))];
}

/** The per-sample shape through a pin, as its node and the inspector show it ('?' when unknown). */
export function pinShapeText(def: BlockDef, side: PinSide, name: string, check: CheckResult, inputShape: (name: string) => TensorType | null | undefined): string {
  const out = side === 'out' ? def.outputs.find((p) => p.name === name) : undefined;
  const t = side === 'in' ? inputShape(name) : out && check.nodes[out.node]?.outputs[out.port];
  return t ? formatShape(t.shape) : '?';
}

/** The wires between pins and inner ports. */
export function pinEdges(def: BlockDef, check: CheckResult, batch: number, inputShape: (name: string) => TensorType | null | undefined): ShapeFlowEdge[] {
  const data = (t: TensorType | null | undefined) => ({ label: formatBatchShape(t, batch), broken: false, unknown: !t, isLabel: t?.dtype === 'int64' });
  return [
    ...def.inputs.map((p, i) => ({
      id: pinEdgeId('in', i, p),
      type: 'shape' as const,
      source: pinNodeId('in', p.name),
      sourceHandle: PIN_HANDLE,
      target: p.node,
      targetHandle: p.port,
      data: data(inputShape(p.name)),
    })),
    ...def.outputs.map((p, i) => ({
      id: pinEdgeId('out', i, p),
      type: 'shape' as const,
      source: p.node,
      sourceHandle: p.port,
      target: pinNodeId('out', p.name),
      targetHandle: PIN_HANDLE,
      data: data(check.nodes[p.node]?.outputs[p.port]),
    })),
  ];
}

/** Why a wire touching a pin may not be drawn (null: it may). Wires between two inner layers are connectRules' business. */
export function pinConnectionProblem(doc: ProjectDocument, c: ConnectionLike): string | null {
  const from = pinOf(c.source);
  const to = pinOf(c.target);
  if (from && to) return 'a pin cannot feed a pin';
  if (from?.side === 'out' || to?.side === 'in') return 'wrong side of the pin';
  const inner = doc.nodes.find((n) => n.id === (from ? c.target : c.source));
  const def = inner && layerDef(inner.type, doc);
  if (!inner || !def) return 'unknown node';
  const ok = from ? inputPorts(def, inner.params).some((p) => p.name === c.targetHandle) : def.outputs.some((p) => p.name === c.sourceHandle);
  return ok ? null : 'unknown port';
}

/**
 * The edit a wire to or from a pin makes (`replacing`: the pin wire it moves, if any), as one
 * command: the definition with its pin list rewritten, and inner wires that fed the same
 * inner port removed (an input takes one wire).
 */
export function pinWireCommand(doc: ProjectDocument, block: string, c: ConnectionLike, replacing?: string): Command | null {
  const def = doc.blocks?.[block];
  if (!def || pinConnectionProblem(doc, c)) return null;
  const from = pinOf(c.source);
  const moved = replacing ? pinOf(replacing) : null;
  const index = replacing ? Number(replacing.slice(PREFIX[moved!.side].length).split(':')[0]) : -1;
  let { inputs, outputs } = def;
  const commands: Command[] = [];
  if (from) {
    const pin: BlockPin = { name: from.name, node: c.target!, port: c.targetHandle! };
    // The inner port takes this pin only: drop other pins and inner wires into it.
    inputs = inputs.filter((p, i) => i !== (moved?.side === 'in' ? index : -1) && !(p.node === pin.node && p.port === pin.port));
    inputs = [...inputs, pin];
    const fed = doc.edges.filter((e) => e.to.node === pin.node && e.to.port === pin.port).map((e) => e.id);
    if (fed.length) commands.push({ kind: 'remove', nodeIds: [], edgeIds: fed });
  } else {
    const name = pinOf(c.target)!.name;
    outputs = outputs.map((p) => (p.name === name ? { name, node: c.source!, port: c.sourceHandle! } : p));
    // Moving an output wire onto another pin leaves the old pin where it was: output pins always have one source.
  }
  commands.push({ kind: 'setBlock', name: block, block: { ...def, inputs, outputs } });
  return commands.length === 1 ? commands[0] : { kind: 'batch', commands };
}

/**
 * The shape that enters the open block's input pin `name`: the wire into the instance it was
 * opened from. `def`: the open definition now. The graph around still has its wires at the
 * names the pins had when the block was opened (they follow on write-back), so a pin renamed
 * since is looked up by its old name.
 */
export function pinInputShape(root: CheckResult, scope: readonly ScopeFrame[], def: BlockDef, name: string): TensorType | null | undefined {
  const frame = scope.at(-1);
  const opened = frame?.parent.doc.blocks?.[frame.block];
  if (!frame || !opened) return undefined;
  const port = [...pinMapping(opened, def).in].find(([, to]) => to === name)?.[0] ?? name;
  const e = frame.parent.doc.edges.find((x) => x.to.node === frame.instanceId && x.to.port === port);
  if (!e) return undefined;
  const prefix = scope.slice(0, -1).map((f) => `${f.instanceId}/`).join('');
  return root.flat?.check.edges[prefix + e.id] ?? (prefix ? undefined : root.edges[e.id]);
}
