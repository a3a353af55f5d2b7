import type { Attrs } from '../../../core/ir/ir';
import { broadcastMap } from '../tensor';
import type { RefOp } from './types';

// Also accept ONNX TensorProto enum numbers, in case a caller passes an emitted-style attribute.
const ONNX_TYPES: Record<number, string> = { 1: 'float32', 6: 'int64', 7: 'int64', 9: 'bool', 10: 'float32', 11: 'float32' };

function target(attrs: Attrs): string {
  const to = attrs.to;
  const name = typeof to === 'number' ? ONNX_TYPES[to] : to;
  if (name !== 'float32' && name !== 'int64' && name !== 'bool') throw new Error(`Cast: unsupported to=${String(to)}`);
  return name;
}

/**
 * float32 stays at float64 precision on purpose: the reference exists for finite differences.
 * float→int truncates toward zero; anything nonzero (NaN included) is true.
 */
export const Cast: RefOp = ([x], attrs) => {
  const to = target(attrs);
  if (to === 'int64') return [broadcastMap([x], Math.trunc)];
  if (to === 'bool') return [broadcastMap([x], (v) => (v !== 0 ? 1 : 0))];
  return [broadcastMap([x], (v) => v)];
};
