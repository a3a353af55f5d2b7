import { asFloat, type ConstTensor } from '../tensor';

/** [rows, cols] → [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

export function scaled(data: Float32Array, k: number): Float32Array {
  return k === 1 ? data : data.map((v) => v * k);
}

/** A constant as a bias of `n` values: [n], [1, n] or a scalar broadcast; null otherwise. */
export function biasOf(t: ConstTensor | null, n: number): Float32Array | null {
  if (!t) return null;
  const f = asFloat(t);
  if (!f) return null;
  if (f.length === n && t.dims.filter((d) => d !== 1).length <= 1) return f;
  if (f.length === 1) return new Float32Array(n).fill(f[0]);
  return null;
}
