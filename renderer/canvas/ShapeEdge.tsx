/** A wire labelled with the batch-inclusive shape it carries; red and dashed when broken. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, getSmoothStepPath, Position, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './toFlow';

/**
 * Room a label needs along its wire (px at zoom 1): its width on a wire running across, its
 * height on one running down. With less, it would sit on the nodes it joins: it hides, and
 * the hover card shows it.
 */
function labelFits(text: string, dx: number, dy: number): boolean {
  return Math.abs(dx) >= Math.abs(dy) ? Math.hypot(dx, dy) >= text.length * 6.6 + 18 : Math.abs(dy) >= 34;
}

/**
 * Labels usually jump from the Input to the far-away loss, past every layer in between;
 * a plain bezier would run straight through those nodes, so this wire sags beside them
 * (below them left to right, to their right top to bottom).
 */
function sagPath(sx: number, sy: number, tx: number, ty: number, down: boolean): [string, number, number] {
  let c1x: number, c1y: number, c2x: number, c2y: number;
  if (down) {
    const sag = Math.min(220, 70 + Math.abs(ty - sy) * 0.12);
    c1y = sy + 60;
    c2y = ty - 60;
    c1x = c2x = Math.max(sx, tx) + sag;
  } else {
    const sag = Math.min(220, 70 + Math.abs(tx - sx) * 0.12);
    c1x = sx + 60;
    c2x = tx - 60;
    c1y = c2y = Math.max(sy, ty) + sag;
  }
  // Midpoint of the cubic at t = 0.5, where the label sits.
  const mx = (sx + 3 * c1x + 3 * c2x + tx) / 8;
  const my = (sy + 3 * c1y + 3 * c2y + ty) / 8;
  return [`M${sx},${sy} C${c1x},${c1y} ${c2x},${c2y} ${tx},${ty}`, mx, my];
}

function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  // A wire running against the flow: where auto-layout wrapped a long chain into rows (or columns), from
  // the end of one to the start of the next. A bezier would cut across both rows; this one steps through the gap between them.
  const backward = sourcePosition === Position.Bottom ? targetY < sourceY : targetX < sourceX;
  const [path, labelX, labelY] = data?.isLabel
    ? sagPath(sourceX, sourceY, targetX, targetY, sourcePosition === Position.Bottom)
    : backward
      ? getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12, offset: 24 })
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const state = `${data?.broken ? ' is-broken' : data?.unknown ? ' is-unknown' : ''}${data?.isLabel ? ' is-label' : ''}${selected ? ' is-selected' : ''}`;
  const cramped = !data?.isLabel && !labelFits(data?.label ?? '', targetX - sourceX, targetY - sourceY);
  return (
    <>
      <BaseEdge id={id} path={path} className={`wg-edge${state}${data?.dropTarget ? ' is-drop-target' : ''}`} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={`wg-edge-label nodrag nopan${state}${cramped ? ' is-cramped' : ''}`}
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
