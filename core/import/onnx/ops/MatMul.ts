import { asFloat } from '../tensor';
import type { OpRule } from './types';
import { biasOf, transpose2d } from './weights';

/**
 * MatMul(x, W[in, out]) → nn.Linear with weight Wᵀ; an Add of a constant [out] that alone
 * reads the product is its bias (how exporters write `x @ W + b`).
 */
export const MatMul: OpRule = {
  op: 'MatMul',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    const W = ctx.constIn(node, 1);
    if (!x?.sample || x.sample.length !== 1 || !W || W.dims.length !== 2) return false;
    const w = asFloat(W);
    if (!w) return false;
    const [inF, out] = W.dims;
    const add = ctx.soleConsumer(node.outputs[0]);
    let bias: Float32Array | null = null;
    if (add?.op === 'Add') {
      const other = add.inputs[0] === node.outputs[0] ? 1 : 0;
      bias = biasOf(ctx.constIn(add, other), out);
    }
    const weights = { weight: { shape: [out, inF], data: transpose2d(w, inF, out) }, ...(bias ? { bias: { shape: [out], data: bias } } : {}) };
    const r = ctx.addLayer({ type: 'Linear', params: { in_features: inF, out_features: out, bias: !!bias }, inputs: { in: x }, weights, node });
    if (!r) return false;
    if (bias && add) {
      ctx.absorb(add);
      ctx.bind(add.outputs[0], r.outputs.out);
    }
    return ctx.mapped(node, r);
  },
};
