/**
 * A small drawing of a graph for the start screen. Models are long chains, which drawn
 * at their real positions become a thin line; so the thumbnail lays nodes out in reading
 * order, wrapping rows like text, which keeps each layer a visible block of its colour.
 */
import type { ProjectDocument } from '../../core/graph/document';
import { layerDef } from '../store/layerLookup';
import { topology } from '../../core/graph/topology';

const PER_ROW = 5;
const W = 40;
const H = 18;
const GAP_X = 14;
const GAP_Y = 16;

export function GraphThumbnail({ doc }: { doc: ProjectDocument }) {
  if (!doc.nodes.length) {
    return (
      <svg viewBox="0 0 240 90" className="wg-thumb" aria-hidden>
        <rect x="70" y="25" width="100" height="40" rx="8" className="wg-thumb__empty" />
        <path d="M120 37v16M112 45h16" className="wg-thumb__plus" />
      </svg>
    );
  }
  // Data order (cyclic leftovers last), which is how the chain reads.
  const rank = new Map(topology(doc).order.map((id, i) => [id, i]));
  const ordered = [...doc.nodes].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  const pos = new Map(ordered.map((n, i) => [n.id, { x: (i % PER_ROW) * (W + GAP_X), y: Math.floor(i / PER_ROW) * (H + GAP_Y) }]));
  const cols = Math.min(PER_ROW, ordered.length);
  const rows = Math.ceil(ordered.length / PER_ROW);
  const width = cols * W + (cols - 1) * GAP_X;
  const height = rows * H + (rows - 1) * GAP_Y;
  const pad = 10;
  return (
    <svg viewBox={`${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`} className="wg-thumb" preserveAspectRatio="xMidYMid meet" aria-hidden>
      {doc.edges.map((e) => {
        const a = pos.get(e.from.node);
        const b = pos.get(e.to.node);
        if (!a || !b) return null;
        const x1 = a.x + W;
        const y1 = a.y + H / 2;
        const x2 = b.x;
        const y2 = b.y + H / 2;
        // Row wrap: leave to the right, come back in from the left, like a carriage return.
        const d =
          y2 > y1 && x2 < x1
            ? `M${x1} ${y1} h4 V${(y1 + y2) / 2} H${x2 - 4} V${y2} h4`
            : `M${x1} ${y1} C${(x1 + x2) / 2} ${y1} ${(x1 + x2) / 2} ${y2} ${x2} ${y2}`;
        return <path key={e.id} d={d} className={`wg-thumb__edge${layerDef(doc.nodes.find((n) => n.id === e.from.node)?.type ?? '', doc)?.outputs.find((p) => p.name === e.from.port)?.kind === 'label' ? ' is-label' : ''}`} />;
      })}
      {ordered.map((n) => {
        const p = pos.get(n.id)!;
        return <rect key={n.id} x={p.x} y={p.y} width={W} height={H} rx={4} className={`wg-thumb__node cat-${layerDef(n.type, doc)?.category ?? 'unknown'}`} />;
      })}
    </svg>
  );
}
