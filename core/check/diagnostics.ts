/**
 * Diagnostics: every problem the checker finds, tied to the node (and port or edge) that
 * causes it, with a stable code, a plain message and, where the fix is clear, a fix the UI
 * can apply in one click.
 */

import type { DatasetSpec } from '../graph/document';

export type Severity = 'error' | 'warning';

/** A fix as a typed edit the document store knows how to apply. */
export type Fix =
  | { kind: 'setParam'; nodeId: string; param: string; value: number | number[] | boolean | string; label: string }
  | { kind: 'insertFlatten'; edgeId: string; label: string }
  | { kind: 'addLoss'; afterNodeId: string; lossType: 'CrossEntropyLoss' | 'MSELoss'; label: string }
  | { kind: 'setDataset'; dataset: DatasetSpec; label: string };

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  nodeId?: string;
  /** The inner node inside a block instance (`res1/conv1`) when `nodeId` is the instance. */
  path?: string;
  edgeId?: string;
  port?: string;
  fix?: Fix;
  /** Several ways out, `fix` first (reshape the Input, or pick another dataset): the UI offers each. */
  fixes?: Fix[];
}

/** The fixes to offer for a diagnostic, in order. */
export function fixesOf(d: Diagnostic): Fix[] {
  return d.fixes ?? (d.fix ? [d.fix] : []);
}
