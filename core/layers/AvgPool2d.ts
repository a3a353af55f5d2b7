import { poolLayer } from './pooling';

export const AvgPool2d = poolLayer('AvgPool2d', 'Average over each window, per channel');
