import { attrInts, attrNum, attrString, forEachIndex, ravel, strides, zeros } from '../tensor';
import type { RefOp } from './types';

/**
 * Pad, constant mode only. pads = [x1_begin, ..., xn_begin, x1_end, ..., xn_end]; negative pads
 * crop, which falls out of reading input index (out - begin) and padding when it is outside.
 */
export const Pad: RefOp = ([x], attrs) => {
  const mode = attrString(attrs, 'mode', 'constant');
  if (mode !== 'constant') throw new Error(`Pad: mode ${mode} is not supported`);
  const r = x.shape.length;
  const pads = attrInts(attrs, 'pads');
  if (!pads || pads.length !== 2 * r) throw new Error(`Pad: pads must have ${2 * r} entries`);
  const value = attrNum(attrs, 'value', 0);
  const shape = x.shape.map((d, i) => d + pads[i] + pads[i + r]);
  if (shape.some((d) => d < 0)) throw new Error(`Pad: negative output shape [${shape.join(',')}]`);
  const inSt = strides(x.shape);
  const y = zeros(shape);
  forEachIndex(shape, (idx, flat) => {
    const src = idx.map((o, i) => o - pads[i]);
    const inside = src.every((s, i) => s >= 0 && s < x.shape[i]);
    y.data[flat] = inside ? x.data[ravel(src, inSt)] : value;
  });
  return [y];
};
