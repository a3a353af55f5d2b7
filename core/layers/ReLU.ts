import { activationLayer } from './activation';

export const ReLU = activationLayer('ReLU', 'Relu', 'max(0, x), element-wise', 1);
