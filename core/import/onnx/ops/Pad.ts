import { elems } from './foldUtil';
import { mapOpaque } from '../opaque';
import type { OpRule } from './types';
import { mapPool } from './pooling';

/**
 * Pad before pooling: torch.onnx.export writes nn.AvgPool2d(padding=p) as a zero Pad and an
 * unpadded AveragePool; the pair is one AvgPool2d again. Any other Pad stays a Pad (opaque,
 * its output shape computed here).
 */
export const Pad: OpRule = {
  op: 'Pad',
  map: (node, ctx) => {
    const x = ctx.tensorIn(node, 0);
    if (!x?.sample) return false;
    const padsT = ctx.constIn(node, 1);
    const pads = (padsT ? elems(padsT) : ctx.ints(node, 'pads')) as number[] | null;
    const value = ctx.constIn(node, 2);
    const v = value ? Number(elems(value)[0]) : ctx.float(node, 'value', 0);
    const mode = ctx.string(node, 'mode', 'constant');
    const rank = x.sample.length + 1;
    if (!pads || pads.length !== 2 * rank || !pads.every((p) => typeof p === 'number') || node.inputs[3]) return false;
    const pool = ctx.soleConsumer(node.outputs[0]);
    if (rank === 4 && mode === 'constant' && v === 0 && pool?.op === 'AveragePool' && pool.inputs[0] === node.outputs[0]) {
      const [n0, c0, h0, w0, n1, c1, h1, w1] = pads;
      if (!n0 && !c0 && !n1 && !c1 && h0 === h1 && w0 === w1 && mapPool(pool, ctx, x, [h0, w0])) {
        ctx.absorb(pool);
        return true;
      }
    }
    if (pads.some((p) => p < 0)) return false;
    const sample = x.sample.map((d, i) => d + pads[i + 1] + pads[i + 1 + rank]);
    if (pads[0] || pads[rank]) return false;
    return mapOpaque(node, ctx, { outputs: [sample] });
  },
};
