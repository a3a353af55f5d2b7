import { activationLayer } from './activation';

export const Sigmoid = activationLayer('Sigmoid', 'Sigmoid', '1 / (1 + e^-x), element-wise', 4);
