import type { OpRule } from './types';
import { mapActivation } from './activations';

export const Tanh: OpRule = { op: 'Tanh', map: (node, ctx) => mapActivation(node, ctx, 'Tanh') };
