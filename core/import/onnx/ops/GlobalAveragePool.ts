import type { OpRule } from './types';

/**
 * GlobalAveragePool → nn.AdaptiveAvgPool2d(1) where that layer exists, else nn.AvgPool2d
 * with the whole H×W as its window (the same numbers).
 */
export const GlobalAveragePool: OpRule = {
  op: 'GlobalAveragePool',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample || x.sample.length !== 3) return false;
    const [, h, w] = x.sample;
    const adaptive = ctx.hasLayer('AdaptiveAvgPool2d') ? ctx.addLayer({ type: 'AdaptiveAvgPool2d', params: { output_size: 1 }, inputs: { in: x }, node }) : null;
    const r = adaptive ?? ctx.addLayer({ type: 'AvgPool2d', params: { kernel_size: h === w ? h : [h, w], stride: h === w ? h : [h, w], padding: 0 }, inputs: { in: x }, node });
    return ctx.mapped(node, r);
  },
};
