/** How a layer is named to people (editor, problems, CLI): its type and its label, or its id when it has none ("Linear fc2"). */
import type { DocNode } from './document';

export function nodeName(n: Pick<DocNode, 'type' | 'label' | 'id'>): string {
  return `${n.type} ${n.label || n.id}`;
}
