/** A small drawing of a graph from its node positions: boxes in category colours, wires between. */
import type { ProjectDocument } from '../../core/graph/document';
import { findLayer } from '../../core/layers/index';

const W = 180;
const H = 44;

export function GraphThumbnail({ doc }: { doc: ProjectDocument }) {
  if (!doc.nodes.length) {
    return (
      <svg viewBox="0 0 240 90" className="wg-thumb" aria-hidden>
        <rect x="70" y="25" width="100" height="40" rx="8" className="wg-thumb__empty" />
        <path d="M120 37v16M112 45h16" className="wg-thumb__plus" />
      </svg>
    );
  }
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const width = Math.max(...xs) - minX + W;
  const height = Math.max(...ys) - minY + H;
  const pad = 30;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return (
    <svg viewBox={`${minX - pad} ${minY - pad} ${width + 2 * pad} ${height + 2 * pad}`} className="wg-thumb" preserveAspectRatio="xMidYMid meet" aria-hidden>
      {doc.edges.map((e) => {
        const a = byId.get(e.from.node);
        const b = byId.get(e.to.node);
        if (!a || !b) return null;
        const x1 = a.position.x + W;
        const y1 = a.position.y + H / 2;
        const x2 = b.position.x;
        const y2 = b.position.y + H / 2;
        const dx = Math.max(40, (x2 - x1) / 2);
        return <path key={e.id} d={`M${x1} ${y1} C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}`} className="wg-thumb__edge" />;
      })}
      {doc.nodes.map((n) => (
        <rect key={n.id} x={n.position.x} y={n.position.y} width={W} height={H} rx={10} className={`wg-thumb__node cat-${findLayer(n.type)?.category ?? 'unknown'}`} />
      ))}
    </svg>
  );
}
