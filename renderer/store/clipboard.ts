/** Copy / paste / duplicate as pure functions: a clip is a detached sub-graph. */
import type { DocEdge, DocNode, ProjectDocument } from '../../core/graph/document';

export interface Clip {
  nodes: DocNode[];
  /** Only edges whose both ends are in the clip; edges to the outside cannot be pasted meaningfully. */
  edges: DocEdge[];
}

export function copySelection(doc: ProjectDocument, nodeIds: string[]): Clip | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (!nodes.length) return null;
  const edges = doc.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node));
  return { nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/** System-clipboard text form: plain JSON with a marker, so layers paste between windows and apps. */
const MARKER = 'wiregrad/layers';

export function clipToText(clip: Clip): string {
  return JSON.stringify({ [MARKER]: 1, ...clip });
}

export function clipFromText(text: string | undefined | null): Clip | null {
  if (!text || !text.includes(MARKER)) return null;
  try {
    const v = JSON.parse(text) as Partial<Clip> & Record<string, unknown>;
    if (!v[MARKER] || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return null;
    return { nodes: v.nodes, edges: v.edges };
  } catch {
    return null;
  }
}
