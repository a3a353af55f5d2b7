import { BATCH, elementCount, type IntElem } from '../tensor';
import { mapOpaque } from '../opaque';
import type { MapContext, OnnxNode } from '../context';
import type { OpRule } from './types';
import { elems, withElems } from './foldUtil';

/**
 * The per-sample shape a Reshape target gives, or null when it moves the batch dimension.
 * The target may hold the symbolic batch size (folded from Shape), 0 (copy that input
 * dimension) and one -1; exporters also write the example's fixed batch size.
 */
export function reshapeTarget(sample: number[], target: IntElem[], fixedBatch: number | null, allowzero: boolean): number[] | null {
  if (!target.length) return null;
  const full: IntElem[] = [BATCH, ...sample];
  const resolved = target.map((t, i) => (t === 0 && !allowzero ? (full[i] ?? null) : t));
  if (resolved.some((t) => t === null)) return null;
  const [head, ...rest] = resolved as IntElem[];
  const total = elementCount(sample);
  if (rest.some((t) => t === BATCH)) return null;
  const restNums = rest as number[];
  const minus = restNums.filter((t) => t === -1).length;
  if (minus > 1 || restNums.some((t) => t < -1)) return null;
  if (head === BATCH || (fixedBatch !== null && head === fixedBatch)) {
    if (minus) {
      const known = elementCount(restNums.filter((t) => t !== -1));
      if (known === 0 || total % known) return null;
      return restNums.map((t) => (t === -1 ? total / known : t));
    }
    return elementCount(restNums) === total ? restNums : null;
  }
  // [-1, rest...]: the batch is whatever is left, so rest must hold one whole sample.
  if (head === -1 && !minus && elementCount(restNums) === total) return restNums;
  return null;
}

/** Reshape to [N, features] → Flatten; other constant shapes stay a Reshape (opaque, batch kept symbolic). */
export const Reshape: OpRule = {
  op: 'Reshape',
  fold: (node, [x, shape], ctx) => {
    if (!x || !shape) return null;
    const t = elems(shape);
    if (!t.every((v) => typeof v === 'number')) return null;
    const n = x.dims.reduce((a, b) => a * b, 1);
    const dims = (t as number[]).map((d, i) => (d === 0 && !ctx.int(node, 'allowzero', 0) ? x.dims[i] : d));
    const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const final = dims.map((d) => (d === -1 ? n / known : d));
    if (final.reduce((a, b) => a * b, 1) !== n) return null;
    return [withElems(x, final, elems(x))];
  },
  map: (node: OnnxNode, ctx: MapContext) => {
    const x = ctx.tensorIn(node, 0);
    const shape = ctx.constIn(node, 1);
    if (!x?.sample || !shape) return false;
    const sample = reshapeTarget(x.sample, elems(shape), ctx.fixedBatch, !!ctx.int(node, 'allowzero', 0));
    if (!sample) return false;
    if (sample.length === 1) return ctx.mapped(node, ctx.addLayer({ type: 'Flatten', params: {}, inputs: { in: x }, node }));
    if (sample.join() === x.sample.join()) {
      ctx.bind(node.outputs[0], x);
      return true;
    }
    // Written back with 0 for the batch entry, so the export keeps a symbolic batch size.
    return mapOpaque(node, ctx, { ints: { 1: [0, ...sample] }, outputs: [sample] });
  },
};
