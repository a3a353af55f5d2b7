import type { LayerDef } from './types';

/** The data source: one sample `x` of the given shape and its integer class label `y`. */
export const Input: LayerDef = {
  type: 'Input',
  category: 'input',
  doc: 'A batch of samples (x) and their class labels (y) from the training data',
  params: [{ name: 'shape', kind: 'shape', default: [1, 28, 28], doc: 'Shape of one sample, channels first (C, H, W)' }],
  inputs: [],
  outputs: [
    { name: 'x', kind: 'tensor' },
    { name: 'y', kind: 'label' },
  ],
  summary: (p) => (p.shape as number[]).join('×'),
  infer: ({ params }) => ({
    outputs: { x: { shape: [...(params.shape as number[])], dtype: 'float32' }, y: { shape: [], dtype: 'int64' } },
    paramCount: 0,
    flops: 0,
    diagnostics: [],
  }),
  // The compiler binds graph inputs to Input nodes itself.
  lower: ({ inputs }) => ({ x: inputs.x!, y: inputs.y! }),
};
