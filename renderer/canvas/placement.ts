/** Where to put a node added without a drop point. Pure. */
import type { Position, ProjectDocument } from '../../core/graph/document';

const DEFAULT_SIZE = { width: 190, height: 90 };

/** The nearest spot below `p` where a new node overlaps none: adding at the centre never hides a layer. */
export function freeSpot(doc: ProjectDocument, p: Position, sizes: Map<string, { width: number; height: number }>): Position {
  const overlaps = (q: Position) =>
    doc.nodes.some((n) => {
      const s = sizes.get(n.id) ?? DEFAULT_SIZE;
      return q.x < n.position.x + s.width + 16 && q.x + DEFAULT_SIZE.width + 16 > n.position.x && q.y < n.position.y + s.height + 16 && q.y + DEFAULT_SIZE.height + 16 > n.position.y;
    });
  for (let i = 0; i < 40; i++) {
    const q = { x: p.x, y: p.y + i * 30 };
    if (!overlaps(q)) return q;
  }
  return p;
}

