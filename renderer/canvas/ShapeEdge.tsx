/** A wire labelled with the batch-inclusive shape it carries; red and dashed when broken. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './toFlow';

function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const cls = `wg-edge${data?.broken ? ' is-broken' : ''}${data?.isLabel ? ' is-label' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={`wg-edge-label nodrag nopan${data?.broken ? ' is-broken' : ''}${data?.isLabel ? ' is-label' : ''}${selected ? ' is-selected' : ''}`}
          data-testid="edge-label"
          data-edge-id={id}
          title={data?.message ?? (data?.isLabel ? 'class labels' : 'batch × per-sample shape')}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.isLabel ? `${data.label} labels` : data?.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
