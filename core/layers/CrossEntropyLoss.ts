import type { Diagnostic } from '../check/diagnostics';
import { layerError, shapeText } from './diagnostics';
import { classificationMetrics, LOSS_SHAPE } from './losses';
import type { LayerDef } from './types';

/** nn.CrossEntropyLoss(): mean over the batch of -log softmax(input)[target]. */
export const CrossEntropyLoss: LayerDef = {
  type: 'CrossEntropyLoss',
  ...LOSS_SHAPE,
  doc: 'Cross entropy between class scores (logits) and integer class labels',
  infer: ({ nodeId, inputs }) => {
    const diagnostics: Diagnostic[] = [];
    const x = inputs.input;
    const t = inputs.target;
    if (x && x.shape.length !== 1) {
      diagnostics.push(
        layerError('LOSS_INPUT_SHAPE', nodeId, `CrossEntropyLoss expects class scores (one vector per sample) but gets ${shapeText(x)}; insert Flatten and a Linear layer with one output per class`, undefined, 'input'),
      );
    }
    if (t && (t.dtype !== 'int64' || t.shape.length !== 0)) {
      diagnostics.push(
        layerError('LOSS_TARGET_TYPE', nodeId, `CrossEntropyLoss's target must be the integer class labels (Input's y), but gets a float tensor ${shapeText(t)}`, undefined, 'target'),
      );
    }
    const classes = x && x.shape.length === 1 ? x.shape[0] : 0;
    return { outputs: {}, paramCount: 0, flops: 4 * classes, diagnostics };
  },
  lower: ({ b, inputs }) => {
    const logits = inputs.input!;
    const labels = inputs.target!;
    const classes = logits.shape[1];
    const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
    const picked = b.reduceSum(b.mul(logp, b.op1('OneHot', [labels], { depth: classes })), [1]);
    const loss = b.neg(b.op1('ReduceMean', [picked], { axes: [0], keepdims: 0 }));
    return { loss, ...classificationMetrics(b, logits, labels) };
  },
  torch: { module: () => 'nn.CrossEntropyLoss()' },
};
