import { activationLayer } from './activation';

export const Tanh = activationLayer('Tanh', 'Tanh', 'Hyperbolic tangent, element-wise', 4);
