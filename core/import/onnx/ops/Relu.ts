import type { OpRule } from './types';
import { mapActivation } from './activations';

export const Relu: OpRule = { op: 'Relu', map: (node, ctx) => mapActivation(node, ctx, 'ReLU') };
