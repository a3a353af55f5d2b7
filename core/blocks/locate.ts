/**
 * Where a parameter of a layer inside a block instance (named by path, `res1/conv1`) is set:
 * by an exposed parameter of the instance when the block binds it (so a fix changes that
 * instance only), else in the block's definition (so every instance follows). Checker fixes
 * name inner nodes by path; the editor applies them through this.
 */
import type { DocNode, ProjectDocument } from '../graph/document';
import { blockOf, type Blocks } from './resolve';

export type ParamPlace = { kind: 'instance'; nodeId: string; param: string } | { kind: 'definition'; block: string; nodeId: string; param: string };

export function locateInnerParam(doc: Pick<ProjectDocument, 'nodes' | 'blocks'>, path: string, param: string): ParamPlace | null {
  return locate(doc.nodes, doc.blocks, path.split('/'), param);
}

function locate(nodes: DocNode[], blocks: Blocks | undefined, segs: string[], param: string): ParamPlace | null {
  const node = nodes.find((n) => n.id === segs[0]);
  if (!node) return null;
  if (segs.length === 1) return { kind: 'instance', nodeId: node.id, param };
  const block = blockOf(blocks, node.type);
  if (!block) return null;
  const inner = locate(block.nodes, blocks, segs.slice(1), param);
  if (!inner || inner.kind === 'definition') return inner;
  // The inner node's own parameter: exposed by this block, or set in its definition.
  const exposed = Object.entries(block.params ?? {}).find(([, p]) => p.bind.some((b) => b.node === inner.nodeId && b.param === inner.param));
  return exposed ? { kind: 'instance', nodeId: node.id, param: exposed[0] } : { kind: 'definition', block: node.type, nodeId: inner.nodeId, param: inner.param };
}
