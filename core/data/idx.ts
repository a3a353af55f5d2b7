import { readFileSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { DataError } from './errors';

/**
 * IDX reader (the format MNIST and friends ship in, http://yann.lecun.com/exdb/mnist/):
 *   bytes 0-1  zero
 *   byte  2    type code (0x08 ubyte, 0x09 sbyte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)
 *   byte  3    number of dimensions
 *   then one big-endian uint32 per dimension, then the data, big-endian, row-major.
 * Gzip-compressed files are recognised by their magic bytes, not their name, so a renamed
 * `.gz` still loads and an uncompressed file called `.gz` is not mangled.
 */

export type IdxDtype = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dims: number[];
  dtype: IdxDtype;
  /** Row-major, prod(dims) elements, already in host byte order. */
  data: IdxData;
}

const TYPES: Record<number, { dtype: IdxDtype; size: number }> = {
  0x08: { dtype: 'ubyte', size: 1 },
  0x09: { dtype: 'sbyte', size: 1 },
  0x0b: { dtype: 'short', size: 2 },
  0x0c: { dtype: 'int', size: 4 },
  0x0d: { dtype: 'float', size: 4 },
  0x0e: { dtype: 'double', size: 8 },
};

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Parses an IDX file already in memory. `fileName` is only used in error messages. */
export function readIdx(buffer: Uint8Array, fileName: string): IdxArray {
  const bytes = isGzip(buffer) ? gunzipIdx(buffer, fileName) : buffer;
  if (bytes.length < 4) {
    throw new DataError('truncated', `${fileName}: only ${bytes.length} bytes, too short for an IDX header`, fileName);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError('bad_magic', `${fileName}: not an IDX file (magic bytes ${hex}, expected 00 00 <type> <ndims>)`, fileName);
  }
  const type = TYPES[bytes[2]];
  if (!type) {
    throw new DataError(
      'unknown_type',
      `${fileName}: unknown IDX type code 0x${bytes[2].toString(16).padStart(2, '0')} (expected 08, 09, 0B, 0C, 0D or 0E)`,
      fileName,
    );
  }
  const ndims = bytes[3];
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    throw new DataError('truncated', `${fileName}: header promises ${ndims} dimensions but the file ends after ${bytes.length} bytes`, fileName);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const dataLen = count * type.size;
  const actual = bytes.length - headerLen;
  if (actual < dataLen) {
    throw new DataError(
      'truncated',
      `${fileName}: dimensions [${dims.join(', ')}] need ${dataLen} bytes of ${type.dtype} data but only ${actual} are present`,
      fileName,
    );
  }
  if (actual > dataLen) {
    throw new DataError(
      'size_mismatch',
      `${fileName}: dimensions [${dims.join(', ')}] account for ${dataLen} bytes of ${type.dtype} data but the file has ${actual}`,
      fileName,
    );
  }
  return { dims, dtype: type.dtype, data: decode(bytes, view, headerLen, count, type.dtype) };
}

/** Deflate cannot expand data more than ~1032:1; a header promising more is a lie. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Gunzips an IDX file without trusting it: the header is read from a small prefix first,
 * then decompression stops one byte past the size the header declares, so a gzip bomb
 * costs at most the declared size in memory and time (and the declared size itself is
 * checked against what the compressed bytes could possibly hold).
 */
function gunzipIdx(gz: Uint8Array, fileName: string): Uint8Array {
  const fail = (e: unknown): never => {
    throw new DataError('bad_gzip', `${fileName}: gzip data is corrupt (${(e as Error).message})`, fileName);
  };
  let head: Uint8Array;
  try {
    // Z_SYNC_FLUSH accepts a truncated stream and returns whatever it decoded.
    // A header is at most 1024 bytes, which even incompressible takes under 2 kB of deflate.
    head = gunzipSync(gz.subarray(0, Math.min(gz.length, 2048)), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (e) {
    return fail(e);
  }
  const declared = head.length >= 4 ? declaredSize(head) : undefined;
  if (declared === undefined) {
    // Not enough for a header (or not IDX): decode a bounded amount and let the parser explain.
    return head;
  }
  if (declared > gz.length * MAX_DEFLATE_RATIO + 1024) {
    throw new DataError('truncated', `${fileName}: the header promises ${declared} bytes but ${gz.length} compressed bytes cannot hold that much`, fileName);
  }
  if (declared > MAX_IDX_BYTES) {
    throw new DataError('too_large', `${fileName}: the header promises ${declared} bytes, more than the ${MAX_IDX_BYTES} an IDX file may have here`, fileName);
  }
  try {
    const out = gunzipSync(gz, { maxOutputLength: declared + 1 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DataError('size_mismatch', `${fileName}: decompresses to more than the ${declared} bytes its header declares`, fileName);
    }
    return fail(e);
  }
}

/** Largest IDX file accepted (typed arrays top out near 4 GiB in Node 20 anyway). */
export const MAX_IDX_BYTES = 2 ** 32 - 1;

/** Total file size an IDX header declares, or undefined when the header is not readable. */
function declaredSize(b: Uint8Array): number | undefined {
  if (b[0] !== 0 || b[1] !== 0) return undefined;
  const type = TYPES[b[2]];
  const ndims = b[3];
  if (!type || b.length < 4 + 4 * ndims) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let count = type.size;
  for (let i = 0; i < ndims; i++) count *= view.getUint32(4 + 4 * i, false);
  return 4 + 4 * ndims + count;
}

/** Byte types are zero-copy views; wider types are decoded from big-endian into fresh arrays. */
function decode(bytes: Uint8Array, view: DataView, off: number, n: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'ubyte':
      return new Uint8Array(bytes.buffer, bytes.byteOffset + off, n);
    case 'sbyte':
      return new Int8Array(bytes.buffer, bytes.byteOffset + off, n);
    case 'short': {
      const a = new Int16Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt16(off + 2 * i, false);
      return a;
    }
    case 'int': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt32(off + 4 * i, false);
      return a;
    }
    case 'float': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat32(off + 4 * i, false);
      return a;
    }
    case 'double': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat64(off + 8 * i, false);
      return a;
    }
  }
}

/** Reads a file from disk, turning fs failures into DataError('io') that names the file. */
export function readFileBytes(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'file not found' : err.message;
    throw new DataError('io', `${path}: ${why}`, path);
  }
}

export function readIdxFile(path: string): IdxArray {
  return readIdx(readFileBytes(path), path);
}

/** Encodes an IDX file (used by tests and for writing small fixtures). */
export function writeIdx(dims: number[], dtype: IdxDtype, values: ArrayLike<number>): Uint8Array {
  const code = Number(Object.keys(TYPES).find((k) => TYPES[Number(k)].dtype === dtype));
  const size = TYPES[code].size;
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * size);
  const v = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const o = header + i * size;
    const x = values[i];
    if (dtype === 'ubyte') v.setUint8(o, x);
    else if (dtype === 'sbyte') v.setInt8(o, x);
    else if (dtype === 'short') v.setInt16(o, x, false);
    else if (dtype === 'int') v.setInt32(o, x, false);
    else if (dtype === 'float') v.setFloat32(o, x, false);
    else v.setFloat64(o, x, false);
  }
  return out;
}
