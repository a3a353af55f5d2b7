import { activationLayer } from './activation';
import type { LayerDef } from './types';

export const Tanh: LayerDef = { ...activationLayer('Tanh', 'Tanh', 'Hyperbolic tangent, element-wise', 4), torch: { module: () => 'nn.Tanh()' } };
