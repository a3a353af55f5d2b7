import { asFloat } from '../tensor';
import type { OpRule } from './types';

/**
 * BatchNormalization (inference form) → nn.BatchNorm2d for C×H×W samples, nn.BatchNorm1d
 * for C or C×L, with scale/B as weight/bias and the running statistics as buffers.
 * ONNX's momentum is the weight of the old statistics, PyTorch's that of the new batch.
 * (An exporter in eval mode may also have folded BatchNorm into the Conv before it: that
 * file has no BatchNormalization at all and imports as the Conv.)
 */
export const BatchNormalization: OpRule = {
  op: 'BatchNormalization',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample || node.outputs.slice(1).some((o) => o && ctx.consumers(o).length)) return false;
    const rank = x.sample.length;
    const type = rank === 3 ? 'BatchNorm2d' : rank === 1 || rank === 2 ? 'BatchNorm1d' : null;
    const tensors = [1, 2, 3, 4].map((i) => {
      const t = ctx.constIn(node, i);
      return t ? asFloat(t) : null;
    });
    if (!type || tensors.some((t) => !t)) return false;
    const [weight, bias, mean, variance] = tensors as Float32Array[];
    const c = x.sample[0];
    if ([weight, bias, mean, variance].some((t) => t.length !== c)) return false;
    if (ctx.int(node, 'training_mode', 0)) ctx.warn(`node "${node.name}": BatchNormalization in training mode is imported as a BatchNorm layer, whose export uses the running statistics`);
    const momentum = Math.round((1 - Math.fround(ctx.float(node, 'momentum', 0.9))) * 1e6) / 1e6;
    const params = { num_features: c, eps: Math.fround(ctx.float(node, 'epsilon', 1e-5)), momentum, affine: true, track_running_stats: true };
    const weights = {
      weight: { shape: [c], data: weight },
      bias: { shape: [c], data: bias },
      running_mean: { shape: [c], data: mean },
      running_var: { shape: [c], data: variance },
    };
    return ctx.mapped(node, ctx.addLayer({ type, params, inputs: { in: x }, weights, node }));
  },
};
