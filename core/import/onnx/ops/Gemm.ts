import { asFloat } from '../tensor';
import type { OpRule } from './types';
import { biasOf, scaled, transpose2d } from './weights';

/**
 * Gemm(x, B, C) → nn.Linear: weight [out, in] is B with transB=1 (PyTorch's export), Bᵀ
 * otherwise; alpha scales the weight and beta the bias. transA or a data-dependent B
 * cannot be a Linear.
 */
export const Gemm: OpRule = {
  op: 'Gemm',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    const B = ctx.constIn(node, 1);
    if (!x?.sample || x.sample.length !== 1 || !B || B.dims.length !== 2 || ctx.int(node, 'transA', 0)) return false;
    const w = asFloat(B);
    if (!w) return false;
    const transB = ctx.int(node, 'transB', 0) === 1;
    const [out, inF] = transB ? B.dims : [B.dims[1], B.dims[0]];
    const weight = scaled(transB ? w : transpose2d(w, B.dims[0], B.dims[1]), ctx.float(node, 'alpha', 1));
    const Cin = node.inputs[2] ? ctx.constIn(node, 2) : null;
    if (node.inputs[2] && !Cin) return false;
    const c = biasOf(Cin, out);
    if (Cin && !c) return false;
    const bias = c ? scaled(c, ctx.float(node, 'beta', 1)) : null;
    const weights = { weight: { shape: [out, inF], data: weight }, ...(bias ? { bias: { shape: [out], data: bias } } : {}) };
    return ctx.mapped(node, ctx.addLayer({ type: 'Linear', params: { in_features: inF, out_features: out, bias: !!bias }, inputs: { in: x }, weights, node }));
  },
};
