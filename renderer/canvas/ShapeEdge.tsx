/** A wire labelled with the batch-inclusive shape it carries; red and dashed when broken. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './toFlow';

/**
 * Labels usually jump from the Input to the far-away loss, past every layer in between;
 * a plain bezier would run straight through those nodes, so this wire sags below them.
 */
function sagPath(sx: number, sy: number, tx: number, ty: number): [string, number, number] {
  const sag = Math.min(220, 70 + Math.abs(tx - sx) * 0.12);
  const c1x = sx + 60;
  const c1y = Math.max(sy, ty) + sag;
  const c2x = tx - 60;
  const c2y = c1y;
  // Midpoint of the cubic at t = 0.5, where the label sits.
  const mx = (sx + 3 * c1x + 3 * c2x + tx) / 8;
  const my = (sy + 3 * c1y + 3 * c2y + ty) / 8;
  return [`M${sx},${sy} C${c1x},${c1y} ${c2x},${c2y} ${tx},${ty}`, mx, my];
}

function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = data?.isLabel
    ? sagPath(sourceX, sourceY, targetX, targetY)
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const cls = `wg-edge${data?.broken ? ' is-broken' : data?.unknown ? ' is-unknown' : ''}${data?.isLabel ? ' is-label' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={`wg-edge-label nodrag nopan${data?.broken ? ' is-broken' : data?.unknown ? ' is-unknown' : ''}${data?.isLabel ? ' is-label' : ''}${selected ? ' is-selected' : ''}`}
          data-testid="edge-label"
          data-edge-id={id}
          title={data?.message ?? (data?.unknown ? 'shape unknown until the problem upstream is fixed' : data?.isLabel ? 'class labels' : 'batch × per-sample shape')}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.isLabel ? `${data.label} labels` : data?.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
