import type { ParamValue } from '../graph/document';
import type { TensorType } from '../layers/types';
import type { Diagnostic } from './diagnostics';

export interface NodeCheck {
  /** Per-sample output types by port; null where unknown (upstream error). */
  outputs: Record<string, TensorType | null>;
  /** Params with defaults and "auto" resolved. */
  params: Record<string, ParamValue>;
  paramCount: number;
  flops: number;
}

export interface CheckResult {
  nodes: Record<string, NodeCheck>;
  /** Per-sample tensor type carried by each edge; null where unknown. */
  edges: Record<string, TensorType | null>;
  diagnostics: Diagnostic[];
  /** Topological order of nodes (only when the graph has no cycle). */
  order: string[];
  totalParams: number;
  totalFlops: number;
  /** Nodes whose output feeds each loss (empty when there is no loss). */
  lossNodes: string[];
  /**
   * Nodes that do not lead to the loss (empty when there is no loss): training and export
   * ignore them, their parameters are not counted and not allocated.
   */
  ignored: string[];
}
