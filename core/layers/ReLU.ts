import { activationLayer } from './activation';
import type { LayerDef } from './types';

export const ReLU: LayerDef = { ...activationLayer('ReLU', 'Relu', 'max(0, x), element-wise', 1), torch: { module: () => 'nn.ReLU()' } };
