import type { Program } from './ir';

/**
 * Dead-code elimination: VJP rules return gradients for every input and the engine keeps
 * only the ones a parameter needs, so unused branches are dropped here, before emission.
 */
export function eliminateDeadCode(p: Program): Program {
  const live = new Set(p.outputs.map((o) => o.value.id));
  const kept = [];
  for (let i = p.nodes.length - 1; i >= 0; i--) {
    const n = p.nodes[i];
    if (n.outputs.some((o) => live.has(o.id))) {
      kept.push(n);
      n.inputs.forEach((v) => live.add(v.id));
    }
  }
  return { ...p, nodes: kept.reverse() };
}
