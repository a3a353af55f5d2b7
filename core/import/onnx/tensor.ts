import { onnx } from 'onnx-proto';
import { importFail } from './errors';
import type { ImportLimits } from './limits';

/** The symbolic batch size inside folded shape vectors (`Shape(x)` → [N, 64, 4, 4]). */
export const BATCH = 'N' as const;
export type IntElem = number | typeof BATCH;

/**
 * A tensor known while importing: an initializer, a Constant, or a value folded from them.
 * Floats stay float32; integers (shapes, axes, indices) are plain numbers and may contain
 * the symbolic batch size.
 */
export type ConstTensor =
  | { dtype: 'float32'; dims: number[]; data: Float32Array }
  | { dtype: 'int64'; dims: number[]; data: IntElem[] };

const T = onnx.TensorProto.DataType;

export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

export function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Dims checked against the limits before anything is allocated for them. */
export function checkDims(dims: number[], what: string, limits: ImportLimits): void {
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) importFail('IMPORT_BAD_DIMS', `${what} has an invalid dimension ${d}`);
    if (d > limits.maxDim) importFail('IMPORT_HUGE_DIMS', `${what} has a dimension of ${d}, more than the ${limits.maxDim} an import accepts`);
  }
  if (dims.length > 16) importFail('IMPORT_BAD_DIMS', `${what} has ${dims.length} dimensions; at most 16 are supported`);
  const n = elementCount(dims);
  if (n > limits.maxElements) importFail('IMPORT_HUGE_DIMS', `${what} has ${n} elements, more than the ${limits.maxElements} an import accepts`);
}

/**
 * The contents of a TensorProto. External data (a path to another file) is refused: the
 * importer reads the one file it was given and nothing beside or outside it.
 */
export function readTensor(t: onnx.ITensorProto, limits: ImportLimits): ConstTensor {
  const name = t.name || '(unnamed tensor)';
  const what = `tensor "${name}"`;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData && t.externalData.length)) {
    const loc = t.externalData?.find((e) => e.key === 'location')?.value;
    importFail('IMPORT_EXTERNAL_DATA', `${what} keeps its data in another file${loc ? ` ("${loc}")` : ''}; external data is not imported: save the model as one file (onnx.save(model, path, save_as_external_data=False))`);
  }
  const dims = (t.dims ?? []).map(num);
  checkDims(dims, what, limits);
  const n = elementCount(dims);
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  const bytesNeeded = (size: number) => {
    if (raw && raw.length !== n * size) importFail('IMPORT_BAD_TENSOR', `${what} holds ${raw.length} bytes of data but its shape [${dims}] needs ${n * size}`);
  };
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  const counted = <A extends { length: number }>(list: A, kind: string): A => {
    if (list.length !== n) importFail('IMPORT_BAD_TENSOR', `${what} holds ${list.length} ${kind} values but its shape [${dims}] needs ${n}`);
    return list;
  };
  /** float and double tensors both become float32: from raw little-endian bytes, or from the typed field. */
  const floats = (width: 4 | 8, field: number[] | null | undefined, kind: string) => {
    if (!view) return { dtype: 'float32' as const, dims, data: Float32Array.from(counted(field ?? [], kind)) };
    bytesNeeded(width);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    return { dtype: 'float32' as const, dims, data };
  };
  switch (t.dataType) {
    case T.FLOAT:
      return floats(4, t.floatData, 'float');
    case T.DOUBLE:
      return floats(8, t.doubleData, 'double');
    case T.INT64: {
      if (view) {
        bytesNeeded(8);
        const data: number[] = [];
        for (let i = 0; i < n; i++) data.push(Number(view.getBigInt64(i * 8, true)));
        return { dtype: 'int64', dims, data };
      }
      return { dtype: 'int64', dims, data: counted(t.int64Data ?? [], 'int64').map(num) };
    }
    case T.INT32:
    case T.INT16:
    case T.INT8:
    case T.UINT8:
    case T.BOOL: {
      const size = t.dataType === T.INT32 ? 4 : t.dataType === T.INT16 ? 2 : 1;
      if (view) {
        bytesNeeded(size);
        const data: number[] = [];
        for (let i = 0; i < n; i++) {
          data.push(size === 4 ? view.getInt32(i * 4, true) : size === 2 ? view.getInt16(i * 2, true) : t.dataType === T.INT8 ? view.getInt8(i) : view.getUint8(i));
        }
        return { dtype: 'int64', dims, data };
      }
      return { dtype: 'int64', dims, data: counted(t.int32Data ?? [], 'int32').map(num) };
    }
    default:
      return importFail('IMPORT_UNSUPPORTED_DTYPE', `${what} has data type ${onnx.TensorProto.DataType[t.dataType ?? 0] ?? t.dataType}, which the importer does not read (float32, float64 and integers are)`);
  }
}

/** A float copy of a constant (initializers of integer type used as weights). */
export function asFloat(t: ConstTensor): Float32Array | null {
  if (t.dtype === 'float32') return t.data;
  if (t.data.some((v) => v === BATCH)) return null;
  return Float32Array.from(t.data as number[]);
}

/** The integer elements of a constant, or null when it holds floats or the symbolic batch size. */
export function asInts(t: ConstTensor): number[] | null {
  if (t.dtype === 'float32') return Array.from(t.data).every(Number.isInteger) ? Array.from(t.data) : null;
  return t.data.every((v) => typeof v === 'number') ? (t.data as number[]) : null;
}
