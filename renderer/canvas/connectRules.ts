/** Which wires may be drawn: refused while dragging, so an impossible graph cannot be drawn. */
import type { ProjectDocument } from '../../core/graph/document';
import { layerDef } from '../store/layerLookup';
import { inputPorts } from '../../core/layers/ports';
import { wouldCreateCycle } from '../store/commands';

export interface ConnectionLike {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

export function connectionProblem(doc: ProjectDocument, c: ConnectionLike): string | null {
  if (!c.source || !c.target || !c.sourceHandle || !c.targetHandle) return 'incomplete connection';
  if (c.source === c.target) return 'a layer cannot feed itself';
  const from = doc.nodes.find((n) => n.id === c.source);
  const to = doc.nodes.find((n) => n.id === c.target);
  if (!from || !to) return 'unknown node';
  const out = layerDef(from.type, doc)?.outputs.find((p) => p.name === c.sourceHandle);
  const toDef = layerDef(to.type, doc);
  const inp = toDef ? inputPorts(toDef, to.params).find((p) => p.name === c.targetHandle) : undefined;
  if (!out || !inp) return 'unknown port';
  // Class labels only make sense as a loss target; activations never are CrossEntropy's target.
  if (out.kind !== inp.kind) return out.kind === 'label' ? 'labels can only go to a loss target' : 'this input takes class labels';
  if (wouldCreateCycle(doc, c.source, c.target)) return 'this would make a cycle';
  return null;
}
