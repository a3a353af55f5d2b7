import { activationLayer } from './activation';
import type { LayerDef } from './types';

export const Sigmoid: LayerDef = { ...activationLayer('Sigmoid', 'Sigmoid', '1 / (1 + e^-x), element-wise', 4), torch: { module: () => 'nn.Sigmoid()' } };
