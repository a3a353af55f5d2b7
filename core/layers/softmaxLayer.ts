import type { Diagnostic } from '../check/diagnostics';
import { numel } from '../ir/ir';
import { layerError, shapeText } from './diagnostics';
import { pyCall } from './torch';
import type { LayerDef } from './types';

/**
 * nn.Softmax(dim) and nn.LogSoftmax(dim): normalised over one dimension, counted as
 * PyTorch counts it (dim 0 is the batch; the default 1 is the class scores of a vector or
 * the channels of an image; negative from the end). One ONNX op each (opset 13 semantics:
 * over that axis alone).
 */
export function softmaxLayer(type: 'Softmax' | 'LogSoftmax', primitive: 'Softmax' | 'LogSoftmax', doc: string): LayerDef {
  return {
    type,
    category: 'activation',
    doc,
    params: [{ name: 'dim', kind: 'int', default: 1, min: -8, max: 8, torchRequired: true, doc: 'Dimension to normalise over, counting the batch as 0 (1 = classes or channels)' }],
    inputs: [{ name: 'in', kind: 'tensor', required: true }],
    outputs: [{ name: 'out', kind: 'tensor' }],
    summary: (p) => (p.dim === 1 ? '' : `dim ${p.dim}`),
    infer: ({ nodeId, params, inputs }) => {
      const x = inputs.in;
      const diagnostics: Diagnostic[] = [];
      const dim = params.dim as number;
      if (x) {
        const axis = dim < 0 ? x.shape.length + 1 + dim : dim;
        if (axis === 0 || axis > x.shape.length || axis < 0) {
          diagnostics.push(layerError('SOFTMAX_DIM', nodeId, `${type}'s dim ${dim} ${axis === 0 ? 'is the batch' : `is out of range for ${shapeText(x)} samples`}; set dim to 1`, { kind: 'setParam', nodeId, param: 'dim', value: 1, label: 'set dim to 1' }, 'in'));
        }
      }
      return { outputs: { out: x && !diagnostics.length ? { ...x, shape: [...x.shape] } : null }, paramCount: 0, flops: x ? 5 * numel(x.shape) : 0, diagnostics };
    },
    lower: ({ b, inputs, params }) => {
      const x = inputs.in!;
      const dim = params.dim as number;
      return { out: b.op1(primitive, [x], { axis: dim < 0 ? x.shape.length + dim : dim }) };
    },
    torch: { module: ({ params: p }) => pyCall(`nn.${type}`, [], [['dim', p.dim, null]]) },
  };
}
