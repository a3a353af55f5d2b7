/**
 * Float64 tensors for the reference interpreter (tests only). Every dtype is held as float64:
 * int64 values are whole numbers and bool values are 0/1, so one container serves all ops and
 * finite differences get full double precision.
 */
import type { AttrValue, Attrs } from '../../core/ir/ir';
import { numel } from '../../core/ir/ir';
import type { Rng } from '../../core/util/rng';

export interface RefTensor {
  shape: number[];
  data: Float64Array;
}

/** Builds a tensor from a flat row-major list; the length must match the shape. */
export function tensor(shape: number[], data: ArrayLike<number>): RefTensor {
  if (data.length !== numel(shape)) {
    throw new Error(`tensor: ${data.length} values for shape [${shape.join(',')}]`);
  }
  return { shape: [...shape], data: Float64Array.from(data) };
}

export function scalar(x: number): RefTensor {
  return tensor([], [x]);
}

export function full(shape: number[], value: number): RefTensor {
  return { shape: [...shape], data: new Float64Array(numel(shape)).fill(value) };
}

export function zeros(shape: number[]): RefTensor {
  return full(shape, 0);
}

export function clone(t: RefTensor): RefTensor {
  return { shape: [...t.shape], data: Float64Array.from(t.data) };
}

/** Uniform values in [lo, hi) drawn from a seeded generator, so test inputs are reproducible. */
export function randomTensor(shape: number[], rng: Rng, lo = -1, hi = 1): RefTensor {
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(lo, hi);
  return { shape: [...shape], data };
}

/** Row-major strides: the flat-index step for each axis. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Flat index → multi-index. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

/** Multi-index → flat index, given strides. */
export function ravel(idx: readonly number[], st: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < idx.length; i++) f += idx[i] * st[i];
  return f;
}

/** Visits every multi-index of `shape` in row-major order (the flat index is the visit count). */
export function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = numel(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    // Odometer increment: cheaper than unravel and keeps the loop obvious.
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
}

/** Multidirectional (numpy) broadcast of several shapes; throws on incompatible dims. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      if (d === out[off + i] || d === 1) continue;
      if (out[off + i] === 1) out[off + i] = d;
      else throw new Error(`cannot broadcast [${shapes.map((x) => x.join(',')).join('] with [')}]`);
    }
  }
  return out;
}

/**
 * Strides of `inShape` laid out against the (larger) broadcast `outShape`: 0 on axes the input
 * lacks or has size 1, so `ravel(outIdx, result)` gives the input element to read.
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const st = strides(inShape);
  const off = outShape.length - inShape.length;
  if (off < 0) throw new Error(`cannot broadcast [${inShape.join(',')}] to [${outShape.join(',')}]`);
  const res = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    if (inShape[i] === outShape[off + i]) res[off + i] = st[i];
    else if (inShape[i] !== 1) {
      throw new Error(`cannot broadcast [${inShape.join(',')}] to [${outShape.join(',')}]`);
    }
  }
  return res;
}

/** Elementwise n-ary map with numpy broadcasting of all inputs. */
export function broadcastMap(inputs: RefTensor[], fn: (...xs: number[]) => number): RefTensor {
  const shape = broadcastShapes(...inputs.map((t) => t.shape));
  const sts = inputs.map((t) => broadcastStrides(t.shape, shape));
  const out = zeros(shape);
  const xs = new Array<number>(inputs.length);
  forEachIndex(shape, (idx, flat) => {
    for (let k = 0; k < inputs.length; k++) xs[k] = inputs[k].data[ravel(idx, sts[k])];
    out.data[flat] = fn(...xs);
  });
  return out;
}

/** Broadcasts one tensor to a target shape (Expand, Gemm's C). */
export function broadcastTo(t: RefTensor, shape: number[]): RefTensor {
  const st = broadcastStrides(t.shape, shape);
  const out = zeros(shape);
  forEachIndex(shape, (idx, flat) => {
    out.data[flat] = t.data[ravel(idx, st)];
  });
  return out;
}

/** Normalises a possibly negative axis against `rank`, rejecting out-of-range values. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

// Attribute readers: IR attrs are loosely typed, so each op states what it expects and its default.

export function attrNum(attrs: Attrs, key: string, def: number): number {
  const v: AttrValue | undefined = attrs[key];
  if (v === undefined) return def;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') throw new Error(`attribute ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function attrInts(attrs: Attrs, key: string): number[] | undefined {
  const v = attrs[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v)) throw new Error(`attribute ${key} must be a number list, got ${JSON.stringify(v)}`);
  return v;
}

export function attrString(attrs: Attrs, key: string, def: string): string {
  const v = attrs[key];
  if (v === undefined) return def;
  if (typeof v !== 'string') throw new Error(`attribute ${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Largest absolute elementwise difference; throws if shapes differ (handy for test assertions). */
export function maxAbsDiff(a: RefTensor, b: RefTensor): number {
  if (a.shape.join(',') !== b.shape.join(',')) {
    throw new Error(`shape mismatch [${a.shape.join(',')}] vs [${b.shape.join(',')}]`);
  }
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (Number.isNaN(d)) return NaN;
    m = Math.max(m, d);
  }
  return m;
}

/** Plain array view of the data, for readable `toEqual` assertions. */
export function toArray(t: RefTensor): number[] {
  return Array.from(t.data);
}
