/**
 * A layer on the canvas: header (type, user label, problem badge), body (key params in
 * compact form), ports with their names, footer (per-sample output shape · param count).
 */
import { memo, useEffect, useRef, useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { ParamValue } from '../../core/graph/document';
import type { LayerFlowNode } from './toFlow';
import { inputPorts } from '../../core/layers/ports';
import { formatCount, formatShape } from '../util/format';
import { ProblemPopover } from './ProblemPopover';
import { useStore } from '../store/createStore';
import { settingsStore } from '../store/settings';
import { isBuildingHint } from '../dock/problemGroups';

function summaryOf(data: LayerFlowNode['data']): string {
  const { def, check, doc } = data;
  if (!def) return '';
  const params: Record<string, ParamValue> = {};
  for (const p of def.params) params[p.name] = doc.params[p.name] ?? p.default;
  try {
    // Resolved params show what "auto" became; before the first check, the raw ones.
    return def.summary(check?.params ?? params);
  } catch {
    return def.summary(params);
  }
}

function LayerNodeView({ data, selected }: NodeProps<LayerFlowNode>) {
  const { doc, def, check, diagnostics } = data;
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // The popover sits a few pixels off the node: crossing that gap must not close it.
  const closing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const keepOpen = () => clearTimeout(closing.current);
  useEffect(() => () => clearTimeout(closing.current), []);
  const tb = useStore(settingsStore, (s) => s.layoutDirection === 'TB');
  // Not wired yet is what every layer is while a graph is being built: a quiet dashed outline, not a red alarm.
  const shown = diagnostics.filter((d) => !isBuildingHint(d));
  const pending = diagnostics.length > 0 && shown.length === 0;
  const errors = shown.filter((d) => d.severity === 'error').length;
  const warnings = shown.length - errors;
  const category = def?.category ?? 'unknown';
  const inputs = def ? inputPorts(def, doc.params) : [];
  const outputs = def?.outputs ?? [];
  const firstOut = outputs.length ? check?.outputs[outputs[0].name] : undefined;
  const summary = summaryOf(data);
  const showPortNames = inputs.length > 1 || outputs.length > 1;
  const rows = Math.max(inputs.length, outputs.length);

  return (
    <div
      className={`wg-node cat-${category}${selected ? ' is-selected' : ''}${errors ? ' has-error' : warnings ? ' has-warning' : pending ? ' is-pending' : ''}${tb ? ' is-tb' : ''}`}
      data-testid={`node-${doc.type}`}
      data-node-id={doc.id}
      data-type={doc.type}
      ref={root}
      onMouseEnter={keepOpen}
      onMouseLeave={() => {
        keepOpen();
        closing.current = setTimeout(() => {
          setHover(false);
          setPinned(false);
        }, 300);
      }}
    >
      <div className="wg-node__header">
        <span className="wg-node__swatch" aria-hidden />
        <span className="wg-node__type">{doc.type}</span>
        {doc.label ? <span className="wg-node__label">{doc.label}</span> : null}
        {shown.length ? (
          <button
            type="button"
            className={`wg-node__badge nodrag ${errors ? 'is-error' : 'is-warning'}`}
            aria-label={`${shown.length} problem${shown.length > 1 ? 's' : ''} on ${doc.type}`}
            onMouseEnter={() => setHover(true)}
            onFocus={() => setHover(true)}
            onBlur={() => setHover(false)}
            onClick={(e) => {
              e.stopPropagation();
              setPinned((p) => !p);
            }}
          >
            {errors ? '!' : '?'}
            {shown.length > 1 ? <span className="wg-node__badge-count">{shown.length}</span> : null}
          </button>
        ) : null}
      </div>
      {summary ? <div className="wg-node__body">{summary}</div> : null}
      {rows > 0 && tb ? (
        <>
          {inputs.map((p, i) => (
            <Handle key={`in-${p.name}`} type="target" position={Position.Top} id={p.name} className={`wg-handle kind-${p.kind}`} style={{ left: `${((i + 1) * 100) / (inputs.length + 1)}%` }} title={p.name} />
          ))}
          {outputs.map((p, i) => (
            <Handle key={`out-${p.name}`} type="source" position={Position.Bottom} id={p.name} className={`wg-handle kind-${p.kind}`} style={{ left: `${((i + 1) * 100) / (outputs.length + 1)}%` }} title={p.name} />
          ))}
          {showPortNames ? (
            <div className="wg-node__ports-tb" aria-hidden>
              <span>{inputs.map((p) => p.name).join(' · ')}</span>
              <span>{outputs.map((p) => p.name).join(' · ')}</span>
            </div>
          ) : null}
        </>
      ) : rows > 0 ? (
        <div className="wg-node__ports" style={{ minHeight: showPortNames ? rows * 20 : 0 }}>
          {inputs.map((p, i) => (
            <div key={`in-${p.name}`} className="wg-port wg-port--in" style={{ top: showPortNames ? i * 20 + 10 : '50%' }}>
              <Handle type="target" position={Position.Left} id={p.name} className={`wg-handle kind-${p.kind}`} />
              {showPortNames ? <span className="wg-port__name">{p.name}</span> : null}
            </div>
          ))}
          {outputs.map((p, i) => (
            <div key={`out-${p.name}`} className="wg-port wg-port--out" style={{ top: showPortNames ? i * 20 + 10 : '50%' }}>
              {showPortNames ? <span className="wg-port__name">{p.name}</span> : null}
              <Handle type="source" position={Position.Right} id={p.name} className={`wg-handle kind-${p.kind}`} />
            </div>
          ))}
        </div>
      ) : null}
      <div className="wg-node__footer">
        <span className="wg-node__shape" title="Output shape per sample">
          {outputs.length === 0 ? 'loss' : firstOut ? formatShape(firstOut.shape) : '?'}
        </span>
        {check && check.paramCount > 0 ? (
          <span className="wg-node__params" title={`${check.paramCount.toLocaleString('en-US')} trainable parameters`}>
            {formatCount(check.paramCount)}
          </span>
        ) : null}
      </div>
      {(hover || pinned) && shown.length ? <ProblemPopover diagnostics={shown} nodeId={doc.id} anchor={root} prefer={tb ? 'right' : 'above'} /> : null}
    </div>
  );
}

/** Renders a layer's props that the view reads. React Flow also passes draggable/isConnectable
 *  (they flip when a run locks the canvas), positions and z-order: none of them changes what a
 *  layer draws, so they do not re-render it; the lock is CSS on `.wg-canvas.is-locked`. */
export function sameLayerView(a: NodeProps<LayerFlowNode>, b: NodeProps<LayerFlowNode>): boolean {
  return a.data === b.data && a.selected === b.selected;
}

export const LayerNode = memo(LayerNodeView, sameLayerView);
