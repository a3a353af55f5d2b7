import type { Diagnostic } from '../check/diagnostics';
import { numel, type Value } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { pyCall } from './torch';
import type { LayerDef, LowerContext } from './types';

/**
 * nn.BatchNorm1d / nn.BatchNorm2d with PyTorch's parameters, defaults and semantics:
 * - train mode: normalise with the batch's statistics (biased variance) and update the
 *   running statistics with `momentum` (the unbiased variance for running_var), or with a
 *   cumulative average when momentum is null; num_batches_tracked counts the updates;
 * - eval mode: normalise with the running statistics (ONNX BatchNormalization);
 * - track_running_stats=false: batch statistics in both modes, no buffers;
 * - affine: a learnable weight (ones) and bias (zeros) per channel.
 * The two classes differ only in the per-sample ranks they accept: [C] or [C, L] for 1d,
 * [C, H, W] for 2d. Batch statistics go through the BatchNormTrain primitive (its own gradient rule).
 */
export function batchNormLayer(type: 'BatchNorm1d' | 'BatchNorm2d', ranks: number[], what: string): LayerDef {
  const expected = ranks.map((r) => (r === 1 ? 'C' : r === 2 ? 'C×L' : 'C×H×W')).join(' or ');
  return {
    type,
    category: 'normalization',
    doc: `Batch normalization over ${what}; running statistics in evaluation`,
    params: [
      { name: 'num_features', kind: 'intOrAuto', default: 'auto', min: 1, doc: 'Channels C of the input, or "auto" to take them from the incoming edge' },
      { name: 'eps', kind: 'float', default: 1e-5, min: 0, doc: 'Added to the variance for numerical stability' },
      { name: 'momentum', kind: 'float', default: 0.1, min: 0, max: 1, nullable: true, doc: 'Weight of the new batch in the running statistics; empty (None) for a cumulative average' },
      { name: 'affine', kind: 'bool', default: true, doc: 'Learn a per-channel scale (weight) and shift (bias)' },
      { name: 'track_running_stats', kind: 'bool', default: true, doc: 'Keep running mean and variance for evaluation' },
    ],
    inputs: [{ name: 'in', kind: 'tensor', required: true }],
    outputs: [{ name: 'out', kind: 'tensor' }],
    summary: (p) => `${p.num_features === 'auto' ? 'auto' : p.num_features}${p.momentum === null ? ' · cumulative' : ''}${p.affine ? '' : ' · no affine'}`,
    infer: ({ nodeId, params, inputs }) => {
      const x = inputs.in;
      const diagnostics: Diagnostic[] = [];
      let c = params.num_features === 'auto' ? null : (params.num_features as number);
      if (x) {
        if (!ranks.includes(x.shape.length)) {
          const hint = type === 'BatchNorm2d' && x.shape.length < 3 ? '; use BatchNorm1d for vectors' : type === 'BatchNorm1d' && x.shape.length === 3 ? '; use BatchNorm2d for images' : '';
          diagnostics.push(layerError('BATCHNORM_RANK', nodeId, `${type} expects ${expected} per sample but gets ${shapeText(x)}${hint}`, undefined, 'in'));
        } else if (c !== null && c !== x.shape[0]) {
          diagnostics.push(
            layerError('BATCHNORM_FEATURES', nodeId, `${type} receives ${x.shape[0]} channels, not ${c} (num_features); set num_features to ${x.shape[0]}`, {
              kind: 'setParam', nodeId, param: 'num_features', value: x.shape[0], label: `set num_features to ${x.shape[0]}`,
            }, 'in'),
          );
        } else c = x.shape[0];
      }
      const ok = diagnostics.length === 0 && x !== undefined && c !== null;
      return {
        outputs: { out: ok ? { shape: [...x!.shape], dtype: 'float32' } : null },
        resolvedParams: { ...params, num_features: c ?? params.num_features },
        paramCount: c !== null && params.affine ? 2 * c : 0,
        flops: x ? 4 * numel(x.shape) : 0,
        diagnostics,
      };
    },
    parameters: (p) => {
      const c = p.num_features as number;
      return p.affine
        ? [
            { role: 'weight', shape: [c], init: { kind: 'constant', value: 1 } },
            { role: 'bias', shape: [c], init: { kind: 'constant', value: 0 } },
          ]
        : [];
    },
    buffers: (p) => {
      const c = p.num_features as number;
      return p.track_running_stats
        ? [
            { role: 'running_mean', shape: [c], init: { kind: 'constant', value: 0 } },
            { role: 'running_var', shape: [c], init: { kind: 'constant', value: 1 } },
            { role: 'num_batches_tracked', shape: [], init: { kind: 'constant', value: 0 } },
          ]
        : [];
    },
    lower: (ctx) => ({ out: ctx.mode === 'eval' && ctx.params.track_running_stats ? withRunningStats(ctx) : withBatchStats(ctx) }),
    mixesBatch: true,
    torch: {
      module: ({ params: p }) =>
        pyCall(`nn.${type}`, [p.num_features], [['eps', p.eps, 1e-5], ['momentum', p.momentum, 0.1], ['affine', p.affine, true], ['track_running_stats', p.track_running_stats, true]]),
      note: 'BatchNorm: under torchrun on CPUs each process normalises its own slice of the batch (SyncBatchNorm, used on GPUs, needs CUDA), and DataParallel keeps the running statistics of the first GPU\'s slice, as Wiregrad does on cpu:N or several GPUs; one process matches Wiregrad on one device (plain cpu trains BatchNorm models in one session).',
    },
  };
}

/** The per-channel scale and shift: the learnt weight and bias, or ones and zeros without affine. */
function scaleShift(ctx: LowerContext, c: number): [Value, Value] {
  const { b, params, weights } = ctx;
  return params.affine ? [weights.weight, weights.bias] : [b.constant(new Array(c).fill(1), [c]), b.constant(new Array(c).fill(0), [c])];
}

/**
 * Batch statistics through the BatchNormTrain primitive (core/ops/prims/BatchNormTrain.ts):
 * its hand-written gradient takes half the full-size passes of the composed one.
 */
function withBatchStats(ctx: LowerContext): Value {
  const { b, inputs, params, buffers } = ctx;
  const x = inputs.in!;
  const c = x.shape[1];
  const [scale, shift] = scaleShift(ctx, c);
  const [y, mean, variance] = b.op('BatchNormTrain', [x, scale, shift], { epsilon: params.eps as number });
  if (ctx.mode === 'train' && params.track_running_stats) {
    const n = numel(x.shape) / c;
    // PyTorch updates running_var with the unbiased variance; a single value per channel
    // (where PyTorch refuses to train) keeps the biased one instead of dividing by zero.
    const unbiased = n > 1 ? n / (n - 1) : 1;
    const tracked = b.add(buffers.num_batches_tracked, b.scalar(1));
    const f = params.momentum === null ? b.div(b.scalar(1), tracked) : b.scalar(params.momentum as number);
    const keep = b.sub(b.scalar(1), f);
    const blend = (old: Value, batch: Value) => b.add(b.mul(old, keep), b.mul(batch, f));
    ctx.setBuffer('running_mean', blend(buffers.running_mean, mean));
    ctx.setBuffer('running_var', blend(buffers.running_var, b.mul(variance, b.scalar(unbiased))));
    ctx.setBuffer('num_batches_tracked', tracked);
  }
  return y;
}

function withRunningStats(ctx: LowerContext): Value {
  const { b, inputs, params, buffers } = ctx;
  const x = inputs.in!;
  const [scale, shift] = scaleShift(ctx, x.shape[1]);
  // ONNX BatchNormalization wants at least [N, C]; a [N, C, L] or [N, C, H, W] input is fine as is.
  return b.op1('BatchNormalization', [x, scale, shift, buffers.running_mean, buffers.running_var], { epsilon: params.eps as number });
}
