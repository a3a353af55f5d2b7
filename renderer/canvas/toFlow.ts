/**
 * Derives React Flow's nodes and edges from the document, the check result and the
 * selection. Node objects are reused when nothing about them changed: React Flow then
 * skips them, which keeps 200-node graphs smooth while one node is dragged.
 */
import type { Edge, Node } from '@xyflow/react';
import type { DocNode, ProjectDocument } from '../../core/graph/document';
import type { CheckResult, NodeCheck } from '../../core/check/types';
import type { Diagnostic } from '../../core/check/diagnostics';
import type { LayerDef, TensorType } from '../../core/layers/types';
import { layerDef } from '../store/layerLookup';
import { diagnosticsByNode } from '../store/derived';
import type { Selection } from '../store/editor';
import { formatBatchShape, formatShape } from '../util/format';

export interface LayerNodeData extends Record<string, unknown> {
  doc: DocNode;
  def: LayerDef | undefined;
  check: NodeCheck | undefined;
  diagnostics: Diagnostic[];
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

export interface ShapeEdgeData extends Record<string, unknown> {
  label: string;
  /** A problem points at this wire: red and dashed. */
  broken: boolean;
  /** Shape unknown because of a problem upstream: faint and dashed, not blamed. */
  unknown: boolean;
  /** Labels (class indices) travel on a thinner, dotted wire: they are not activations. */
  isLabel: boolean;
  /** A layer dragged from the palette would be inserted into this wire. */
  dropTarget?: boolean;
  message?: string;
}

export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

const NO_DIAGNOSTICS: Diagnostic[] = [];

export type Measured = Map<string, { width: number; height: number }>;

export class FlowCache {
  private nodes = new Map<string, LayerFlowNode>();

  // The training lock is not part of a node: it is one class on the canvas (CSS) and React Flow's
  // global nodesDraggable/nodesConnectable, so starting a run re-renders no layer (issue #11).
  nodesFor(doc: ProjectDocument, check: CheckResult, sel: Selection, measured: Measured, flash: readonly string[] = []): LayerFlowNode[] {
    const diags = diagnosticsByNode(check);
    const selected = new Set(sel.nodes);
    const flashing = new Set(flash);
    const next = new Map<string, LayerFlowNode>();
    const out = doc.nodes.map((n) => {
      const prev = this.nodes.get(n.id);
      const d = diags.get(n.id) ?? NO_DIAGNOSTICS;
      const c = check.nodes[n.id];
      const m = measured.get(n.id);
      const isSel = selected.has(n.id);
      const className = flashing.has(n.id) ? 'is-flashing' : undefined;
      const reuse =
        prev &&
        prev.data.doc === n &&
        prev.data.check === c &&
        prev.data.diagnostics === d &&
        prev.selected === isSel &&
        prev.className === className &&
        prev.measured?.width === m?.width &&
        prev.measured?.height === m?.height;
      const node: LayerFlowNode = reuse
        ? prev
        : {
            id: n.id,
            type: 'layer',
            position: n.position,
            selected: isSel,
            className,
            measured: m,
            data: { doc: n, def: layerDef(n.type, doc), check: c, diagnostics: d },
            ariaLabel: nodeAriaLabel(n, c, d),
          };
      next.set(n.id, node);
      return node;
    });
    this.nodes = next;
    return out;
  }
}

/** What a screen reader says for a node: type, label, output shape, parameters, problems. */
function nodeAriaLabel(n: DocNode, c: NodeCheck | undefined, d: Diagnostic[]): string {
  const out = c ? Object.values(c.outputs)[0] : undefined;
  const parts = [`${n.type}${n.label ? ` ${n.label}` : ''}`];
  if (out) parts.push(`output ${formatShape(out.shape)}`);
  if (c?.paramCount) parts.push(`${c.paramCount.toLocaleString('en-US')} parameters`);
  const errors = d.filter((x) => x.severity === 'error').length;
  if (errors) parts.push(`${errors} error${errors > 1 ? 's' : ''}`);
  else if (d.length) parts.push(`${d.length} warning${d.length > 1 ? 's' : ''}`);
  return parts.join(', ');
}

function edgeBroken(check: CheckResult, edgeId: string, to: { node: string; port: string }): Diagnostic | undefined {
  return check.diagnostics.find(
    (d) => d.severity === 'error' && (d.edgeId === edgeId || (d.nodeId === to.node && d.port === to.port)),
  );
}

export function edgesFor(doc: ProjectDocument, check: CheckResult, sel: Selection, dropTarget: string | null = null): ShapeFlowEdge[] {
  const selected = new Set(sel.edges);
  const batch = doc.training.batch_size;
  return doc.edges.map((e) => {
    const t: TensorType | null | undefined = check.edges[e.id];
    const problem = edgeBroken(check, e.id, e.to);
    return {
      id: e.id,
      type: 'shape',
      source: e.from.node,
      sourceHandle: e.from.port,
      target: e.to.node,
      targetHandle: e.to.port,
      selected: selected.has(e.id),
      data: {
        label: formatBatchShape(t, batch),
        broken: !!problem,
        unknown: !problem && !t,
        isLabel: t?.dtype === 'int64',
        dropTarget: e.id === dropTarget,
        message: problem?.message,
      },
    };
  });
}
