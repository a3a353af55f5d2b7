import type { MapContext, OnnxNode } from '../context';
import { BATCH, elementCount, type ConstTensor, type IntElem } from '../tensor';

/** Helpers shared by the constant-folding rules (shape arithmetic on small integer tensors). */

export function ints(dims: number[], data: IntElem[]): ConstTensor {
  return { dtype: 'int64', dims, data };
}

/** Elements as a flat list (float or integer, the symbolic batch size kept). */
export function elems(t: ConstTensor): IntElem[] {
  return t.dtype === 'float32' ? Array.from(t.data) : t.data;
}

export function withElems(like: ConstTensor, dims: number[], data: IntElem[]): ConstTensor {
  if (like.dtype === 'float32') {
    if (data.some((v) => v === BATCH)) return ints(dims, data);
    return { dtype: 'float32', dims, data: Float32Array.from(data as number[]) };
  }
  return ints(dims, data);
}

export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < Math.max(rank, 1) ? a : null;
}

/** Axes from the attribute (older opsets) or the second input (opset 13 on). */
export function axesOf(node: OnnxNode, inputs: (ConstTensor | null)[], ctx: MapContext, attr = 'axes'): number[] | null {
  const fromAttr = ctx.ints(node, attr);
  if (fromAttr) return fromAttr;
  const t = inputs[1];
  if (!t) return null;
  const v = elems(t);
  return v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}

/** Row-major strides of dims. */
export function strides(dims: number[]): number[] {
  const s = new Array(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1] * dims[i + 1];
  return s;
}

/** Numpy broadcasting of two shapes, or null when they do not broadcast. */
export function broadcastShape(a: number[], b: number[]): number[] | null {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Elementwise binary op on constants with broadcasting; the batch symbol survives only ×1, +0. */
export function foldBinary(a: ConstTensor, b: ConstTensor, f: (x: number, y: number) => number): ConstTensor | null {
  const dims = broadcastShape(a.dims, b.dims);
  if (!dims) return null;
  const n = elementCount(dims);
  if (n > 4096) return null;
  const ea = elems(a);
  const eb = elems(b);
  const sa = strides(dims);
  const at = (t: ConstTensor, e: IntElem[], flat: number): IntElem => {
    let idx = 0;
    let stride = 1;
    for (let d = dims.length - 1, td = t.dims.length - 1; td >= 0; d--, td--) {
      const coord = Math.floor(flat / sa[d]) % dims[d];
      idx += (t.dims[td] === 1 ? 0 : coord) * stride;
      stride *= t.dims[td];
    }
    return e[idx];
  };
  const out: IntElem[] = [];
  for (let i = 0; i < n; i++) {
    const x = at(a, ea, i);
    const y = at(b, eb, i);
    if (x === BATCH || y === BATCH) return null;
    out.push(f(x, y));
  }
  const float = a.dtype === 'float32' || b.dtype === 'float32';
  return float ? { dtype: 'float32', dims, data: Float32Array.from(out as number[]) } : ints(dims, (out as number[]).map(Math.trunc));
}
