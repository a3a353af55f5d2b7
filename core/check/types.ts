import type { ParamValue, ProjectDocument } from '../graph/document';
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
  /** Checks of the layers inside block instances, by path (`res1/conv1`); absent without blocks. */
  inner?: Record<string, NodeCheck>;
  /**
   * With blocks: the inlined document and its check, which the compiler, the parameter layout
   * and the exports work on (their ids are paths). Absent when the document uses no block.
   */
  flat?: { doc: ProjectDocument; check: CheckResult };
}
