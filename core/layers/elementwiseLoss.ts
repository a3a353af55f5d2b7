import type { Diagnostic } from '../check/diagnostics';
import type { Builder } from '../ir/builder';
import { numel, type Value } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { classificationMetrics, LOSS_SHAPE } from './losses';
import type { ParamValue } from '../graph/document';
import type { LayerDef, ParamSpec, TensorType, TorchContext } from './types';

/**
 * The losses that compare input and target element by element and average (PyTorch's
 * reduction='mean'): MSELoss, L1Loss, SmoothL1Loss, BCEWithLogitsLoss. The target is float
 * values of the input's shape (Input's target_shape), or integer class labels, one-hot
 * encoded to match a [classes] input (the course's MNIST + MSE exercise; BCE over one-hot
 * labels is multi-label training with one label each), which also reports accuracy.
 */
export function elementwiseLoss(opts: {
  type: string;
  doc: string;
  params?: ParamSpec[];
  flopsPerElement: number;
  /** Per-element loss of input x against target t (same shape). */
  perElement(b: Builder, x: Value, t: Value, params: Record<string, unknown>): Value;
  /** The nn.Module constructor. */
  module(ctx: TorchContext): string;
  /** Problems with the params given the input's per-sample type (BCEWithLogitsLoss's pos_weight length). */
  checkParams?(nodeId: string, x: TensorType, params: Record<string, ParamValue>): Diagnostic[];
}): LayerDef {
  const { type } = opts;
  return {
    type,
    ...LOSS_SHAPE,
    params: opts.params ?? [],
    doc: opts.doc,
    infer: ({ nodeId, inputs, params }) => {
      const diagnostics: Diagnostic[] = [];
      const x = inputs.input;
      const t = inputs.target;
      if (x && t) {
        const isLabel = t.dtype === 'int64' && t.shape.length === 0;
        if (isLabel && x.shape.length !== 1) {
          diagnostics.push(layerError('LOSS_INPUT_SHAPE', nodeId, `${type} with class labels expects one vector per sample but gets ${shapeText(x)}; insert Flatten`, undefined, 'input'));
        } else if (!isLabel && t.shape.join() !== x.shape.join()) {
          diagnostics.push(layerError('LOSS_TARGET_SHAPE', nodeId, `${type}'s input (${shapeText(x)}) and target (${shapeText(t)}) must have the same shape; set Input's target_shape to [${x.shape.join(', ')}] or change the last layer`, undefined, 'target'));
        }
      }
      if (x && opts.checkParams) diagnostics.push(...opts.checkParams(nodeId, x, params));
      return { outputs: {}, paramCount: 0, flops: x ? opts.flopsPerElement * numel(x.shape) : 0, diagnostics };
    },
    lower: ({ b, inputs, params }) => {
      const x = inputs.input!;
      const t = inputs.target!;
      const isLabel = t.dtype === 'int64';
      const target = isLabel ? b.op1('OneHot', [t], { depth: x.shape[1] }) : t;
      const loss = b.op1('ReduceMean', [opts.perElement(b, x, target, params)], { keepdims: 0 });
      return isLabel ? { loss, ...classificationMetrics(b, x, t) } : { loss };
    },
    torch: {
      module: opts.module,
      forward: ({ call, args, inputs }) =>
        inputs.target?.dtype === 'int64'
          ? `${call}(${args.input}, F.one_hot(${args.target}, ${inputs.input!.shape[0]}).to(${args.input}.dtype))`
          : `${call}(${args.input}, ${args.target})`,
    },
  };
}
