import type { OpRule } from './types';
import { mapActivation } from './activations';

export const Sigmoid: OpRule = { op: 'Sigmoid', map: (node, ctx) => mapActivation(node, ctx, 'Sigmoid') };
