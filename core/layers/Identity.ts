import { activationLayer } from './activation';
import type { LayerDef } from './types';

/** nn.Identity(): passes its input through (a placeholder, or a named point in the graph); no ONNX node. */
export const Identity: LayerDef = {
  ...activationLayer('Identity', 'Identity', 'Passes its input through unchanged', 0),
  category: 'reshape',
  lower: ({ inputs }) => ({ out: inputs.in! }),
  torch: { module: () => 'nn.Identity()' },
};
