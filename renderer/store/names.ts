/** How the UI names a layer: its type and its label, or its id when it has none ("Linear fc2"). */
import type { DocNode } from '../../core/graph/document';

export function nodeName(n: Pick<DocNode, 'type' | 'label' | 'id'>): string {
  return `${n.type} ${n.label || n.id}`;
}
