/** A pin of the open block: its name and per-sample shape, one handle towards the inner graph. */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { PIN_HANDLE, type PinFlowNode } from './pins';

function PinNodeView({ data }: NodeProps<PinFlowNode>) {
  const input = data.side === 'in';
  return (
    <div className={`wg-pin wg-pin--${data.side}`} data-testid={`pin-${data.side}-${data.name}`} title={`${input ? 'Input' : 'Output'} pin ${data.name} · double-click to rename`}>
      {input ? null : <Handle type="target" position={Position.Left} id={PIN_HANDLE} className="wg-handle" />}
      <span className="wg-pin__name">{data.name}</span>
      <span className="wg-pin__shape">{data.shape}</span>
      {input ? <Handle type="source" position={Position.Right} id={PIN_HANDLE} className="wg-handle" /> : null}
    </div>
  );
}

export const PinNode = memo(PinNodeView);
