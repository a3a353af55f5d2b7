import { poolLayer } from './pooling';

export const MaxPool2d = poolLayer('MaxPool2d', 'Maximum over each window, per channel');
