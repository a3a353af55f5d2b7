import type { Builder } from '../ir/builder';
import type { Attrs, Value } from '../ir/ir';
import { int, normAxis } from './shapes';
import type { OutputType } from './types';

/** Axes of a reduction, normalised; absent or empty means all axes (ONNX). */
export function reduceAxes(x: Value, attrs: Attrs): number[] {
  const axes = (attrs.axes as number[] | undefined) ?? [];
  return axes.length === 0 ? x.shape.map((_, i) => i) : axes.map((a) => normAxis(a, x.shape.length));
}

export function reduceInfer([x]: Value[], attrs: Attrs): OutputType[] {
  const axes = reduceAxes(x, attrs);
  const keep = int(attrs.keepdims, 1) === 1;
  const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  return [{ shape, dtype: x.dtype }];
}

/** Brings a reduced gradient back to the input's shape: restore kept dims, then broadcast. */
export function expandBack(b: Builder, g: Value, x: Value, attrs: Attrs): Value {
  const axes = reduceAxes(x, attrs);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return b.op1('Expand', [b.reshape(g, kept)], { shape: [...x.shape] });
}
