/** The grouped problem list (problemGroups.ts) of the current document, recomputed when the check or the names change. */
import { useMemo } from 'react';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { useCheck } from '../store/derived';
import { problemCounts, problemItems, type ProblemCounts, type ProblemItem } from './problemGroups';

export function useProblems(): ProblemItem[] {
  const check = useCheck();
  // Nodes and edges, not the whole document: a drag changes positions only and keeps the list.
  const nodes = useStore(editorStore, (s) => s.doc.nodes);
  const edges = useStore(editorStore, (s) => s.doc.edges);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => problemItems(editorStore.get().doc, check), [check, nodes.length, edges, labelsKey(nodes)]);
}

/** Labels are the only node field the list shows besides ids. */
function labelsKey(nodes: { id: string; label?: string; type: string }[]): string {
  let k = '';
  for (const n of nodes) if (n.label) k += `${n.id}=${n.label};`;
  return k;
}

export function useProblemCounts(): ProblemCounts {
  const items = useProblems();
  return useMemo(() => problemCounts(items), [items]);
}
