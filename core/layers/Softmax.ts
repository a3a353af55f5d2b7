import { softmaxLayer } from './softmaxLayer';

export const Softmax = softmaxLayer('Softmax', 'Softmax', 'Exponentials normalised to sum to 1 over dim (class probabilities)');
