import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import { classificationMetrics, LOSS_SHAPE } from './losses';
import type { LayerDef } from './types';
import { numel } from '../ir/ir';

/**
 * nn.MSELoss(): mean of squared differences. With integer labels as target (the course's
 * MNIST + MSE exercise) the labels are one-hot encoded to match a [classes] input.
 */
export const MSELoss: LayerDef = {
  type: 'MSELoss',
  ...LOSS_SHAPE,
  doc: 'Mean squared error; integer labels are one-hot encoded',
  infer: ({ nodeId, inputs }) => {
    const diagnostics: Diagnostic[] = [];
    const x = inputs.input;
    const t = inputs.target;
    if (x && t) {
      const isLabel = t.dtype === 'int64' && t.shape.length === 0;
      if (isLabel && x.shape.length !== 1) {
        diagnostics.push(layerError('LOSS_INPUT_SHAPE', nodeId, `MSELoss with class labels expects one vector per sample but gets ${shapeText(x)}; insert Flatten`, undefined, 'input'));
      } else if (!isLabel && t.shape.join() !== x.shape.join()) {
        diagnostics.push(layerError('LOSS_TARGET_SHAPE', nodeId, `MSELoss's input (${shapeText(x)}) and target (${shapeText(t)}) must have the same shape`, undefined, 'target'));
      }
    }
    const size = x ? numel(x.shape) : 0;
    return { outputs: {}, paramCount: 0, flops: 3 * size, diagnostics };
  },
  lower: ({ b, inputs }) => {
    const x = inputs.input!;
    const t = inputs.target!;
    const isLabel = t.dtype === 'int64';
    const target = isLabel ? b.op1('OneHot', [t], { depth: x.shape[1] }) : t;
    const diff = b.sub(x, target);
    const loss = b.op1('ReduceMean', [b.mul(diff, diff)], { keepdims: 0 });
    return isLabel ? { loss, ...classificationMetrics(b, x, t) } : { loss };
  },
  torch: {
    module: () => 'nn.MSELoss()',
    forward: ({ call, args, inputs }) =>
      inputs.target?.dtype === 'int64'
        ? `${call}(${args.input}, F.one_hot(${args.target}, ${inputs.input!.shape[0]}).to(${args.input}.dtype))`
        : `${call}(${args.input}, ${args.target})`,
  },
};
