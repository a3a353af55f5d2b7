import type { LayerDef } from './types';

/**
 * The data source: one sample `x` of the given shape and its target `y`: an integer class
 * label by default, or float values of `target_shape` (regression, e.g. [1] for one number
 * per sample, trained with MSELoss). The compiler types the graph's `y` input from this.
 */
export const Input: LayerDef = {
  type: 'Input',
  category: 'input',
  doc: 'A batch of samples (x) and their targets (y): class labels, or float values with a target shape',
  params: [
    { name: 'shape', kind: 'shape', default: [1, 28, 28], doc: 'Shape of one sample, channels first (C, H, W)' },
    { name: 'target_shape', kind: 'shape', default: null, nullText: 'class labels', doc: 'Empty: y is a class label; a shape like 1: y is float values (regression); [classes] with CrossEntropyLoss: class probabilities (class labels of the dataset become one-hot)' },
  ],
  inputs: [],
  outputs: [
    { name: 'x', kind: 'tensor' },
    { name: 'y', kind: 'label' },
  ],
  summary: (p) => (p.shape as number[]).join('×') + (Array.isArray(p.target_shape) ? ` → ${(p.target_shape as number[]).join('×')} values` : ''),
  infer: ({ params }) => ({
    outputs: {
      x: { shape: [...(params.shape as number[])], dtype: 'float32' },
      y: Array.isArray(params.target_shape) ? { shape: [...(params.target_shape as number[])], dtype: 'float32' } : { shape: [], dtype: 'int64' },
    },
    paramCount: 0,
    flops: 0,
    diagnostics: [],
  }),
  // The compiler binds graph inputs to Input nodes itself.
  lower: ({ inputs }) => ({ x: inputs.x!, y: inputs.y! }),
};
