/** Turns a checker Fix (core/check/diagnostics.ts) into a store command. */
import type { ProjectDocument } from '../../core/graph/document';
import type { Fix } from '../../core/check/diagnostics';
import { freshIds, type Command } from './commands';
import { createNode } from './nodeFactory';
import { locateInnerParam } from '../../core/blocks/locate';
import { layerDef } from './layerLookup';

export interface FixPlan {
  cmd: Command;
  /** Node to select afterwards (the one the fix created or changed). */
  select?: string;
}

export function planFix(doc: ProjectDocument, fix: Fix): FixPlan | null {
  switch (fix.kind) {
    case 'setParam':
      if (fix.nodeId.includes('/')) return planInnerFix(doc, fix);
      return { cmd: { kind: 'setParam', nodeId: fix.nodeId, param: fix.param, value: fix.value }, select: fix.nodeId };
    case 'insertFlatten': {
      const edge = doc.edges.find((e) => e.id === fix.edgeId);
      if (!edge) return null;
      const a = doc.nodes.find((n) => n.id === edge.from.node);
      const b = doc.nodes.find((n) => n.id === edge.to.node);
      if (!a || !b) return null;
      const [id] = freshIds(doc.nodes.map((n) => n.id), 'n', 1);
      const edgeIds = freshIds(doc.edges.map((e) => e.id), 'e', 2) as [string, string];
      // Midway between the two ends; auto-layout (L) tidies up if it lands on something.
      const node = createNode('Flatten', id, { x: (a.position.x + b.position.x) / 2, y: (a.position.y + b.position.y) / 2 + 60 });
      return { cmd: { kind: 'insertNodeOnEdge', edgeId: edge.id, node, inPort: 'in', outPort: 'out', newEdgeIds: edgeIds }, select: id };
    }
    case 'setDataset':
      return { cmd: { kind: 'setTraining', patch: { dataset: fix.dataset } } };
    case 'addLoss': {
      const after = doc.nodes.find((n) => n.id === fix.afterNodeId);
      if (!after) return null;
      const [id] = freshIds(doc.nodes.map((n) => n.id), 'n', 1);
      const node = createNode(fix.lossType, id, { x: after.position.x + 280, y: after.position.y });
      const input = doc.nodes.find((n) => n.type === 'Input');
      const [e1, e2] = freshIds(doc.edges.map((e) => e.id), 'e', 2);
      const edges = [{ id: e1, from: { node: after.id, port: layerDef(after.type, doc)?.outputs[0]?.name ?? 'out' }, to: { node: id, port: 'input' } }];
      if (input) edges.push({ id: e2, from: { node: input.id, port: 'y' }, to: { node: id, port: 'target' } });
      return { cmd: { kind: 'addNodes', nodes: [node], edges }, select: id };
    }
  }
}

/** A fix for a layer inside a block instance: on the instance when the block exposes the parameter, else on the definition. */
function planInnerFix(doc: ProjectDocument, fix: Extract<Fix, { kind: 'setParam' }>): FixPlan | null {
  const place = locateInnerParam(doc, fix.nodeId, fix.param);
  const top = fix.nodeId.split('/')[0];
  if (!place) return null;
  if (place.kind === 'instance') return { cmd: { kind: 'setParam', nodeId: place.nodeId, param: place.param, value: fix.value }, select: top };
  const block = doc.blocks![place.block];
  const nodes = block.nodes.map((n) => (n.id === place.nodeId ? { ...n, params: { ...n.params, [place.param]: fix.value } } : n));
  return { cmd: { kind: 'setBlock', name: place.block, block: { ...block, nodes } }, select: top };
}
