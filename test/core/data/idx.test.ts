import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../core/data/errors';
import { readIdx, readIdxFile, writeIdx, type IdxDtype } from '../../../core/data/idx';

const FIX = join(__dirname, '../../fixtures/data');

function expectDataError(fn: () => unknown, code: string, file: string): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const err = e as DataError;
    expect(err.code).toBe(code);
    expect(err.message).toContain(file);
    return err;
  }
  throw new Error(`expected DataError ${code}`);
}

describe('readIdx', () => {
  it('reads the tiny ubyte fixture', () => {
    const a = readIdxFile(join(FIX, 'tiny-images-idx3-ubyte'));
    expect(a.dims).toEqual([3, 2, 3]);
    expect(a.dtype).toBe('ubyte');
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(a.data)).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25]);
  });

  it('reads gzip by magic bytes, whatever the name', () => {
    const plain = readIdxFile(join(FIX, 'tiny-images-idx3-ubyte'));
    const gz = readIdxFile(join(FIX, 'tiny-images-idx3-ubyte.gz'));
    expect(gz.dims).toEqual(plain.dims);
    expect(Array.from(gz.data)).toEqual(Array.from(plain.data));
    // Uncompressed bytes under a .gz name are still read as plain IDX.
    expect(readIdx(writeIdx([2], 'ubyte', [7, 8]), 'x.gz').data).toEqual(new Uint8Array([7, 8]));
  });

  it.each<[IdxDtype, number[]]>([
    ['ubyte', [0, 128, 255]],
    ['sbyte', [-128, -1, 127]],
    ['short', [-32768, 258, 32767]],
    ['int', [-2147483648, 16909060, 2147483647]],
    ['float', [-1.5, 0.25, 3e38]],
    ['double', [-1e300, Math.PI, 5e-324]],
  ])('decodes big-endian %s', (dtype, values) => {
    const a = readIdx(writeIdx([3], dtype, values), `t.${dtype}`);
    expect(a.dtype).toBe(dtype);
    expect(a.dims).toEqual([3]);
    const expected = dtype === 'float' ? Array.from(Float32Array.from(values)) : values;
    expect(Array.from(a.data)).toEqual(expected);
  });

  it('checks byte order explicitly (0x0102 as short is 258)', () => {
    const bytes = new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 1, 0x01, 0x02]);
    expect(Array.from(readIdx(bytes, 's').data)).toEqual([258]);
  });

  it('handles multi-dimensional int data', () => {
    const a = readIdx(writeIdx([2, 2], 'int', [1, -2, 3, -4]), 'm');
    expect(a.dims).toEqual([2, 2]);
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(Array.from(a.data)).toEqual([1, -2, 3, -4]);
  });

  it('rejects a bad magic number, naming the file', () => {
    const f = join(FIX, 'bad-magic-idx3-ubyte');
    const err = expectDataError(() => readIdxFile(f), 'bad_magic', 'bad-magic-idx3-ubyte');
    expect(err.file).toBe(f);
  });

  it('rejects truncated data, naming the file', () => {
    const err = expectDataError(() => readIdxFile(join(FIX, 'truncated-images-idx3-ubyte')), 'truncated', 'truncated-images-idx3-ubyte');
    expect(err.message).toMatch(/18 bytes.*only 10/);
  });

  it('rejects a truncated header', () => {
    expectDataError(() => readIdx(new Uint8Array([0, 0, 8]), 'short.idx'), 'truncated', 'short.idx');
    expectDataError(() => readIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'hdr.idx'), 'truncated', 'hdr.idx');
  });

  it('rejects an unknown type code', () => {
    const err = expectDataError(() => readIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'weird.idx'), 'unknown_type', 'weird.idx');
    expect(err.message).toContain('0x0a');
  });

  it('rejects trailing data the dimensions do not account for', () => {
    const bytes = new Uint8Array([...writeIdx([2], 'ubyte', [1, 2]), 3]);
    expectDataError(() => readIdx(bytes, 'long.idx'), 'size_mismatch', 'long.idx');
  });

  it('rejects corrupt gzip and reports the file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiregrad-idx-'));
    const f = join(dir, 'broken.gz');
    const gz = gzipSync(writeIdx([4], 'ubyte', [1, 2, 3, 4]));
    writeFileSync(f, gz.subarray(0, gz.length - 6));
    expectDataError(() => readIdxFile(f), 'bad_gzip', 'broken.gz');
  });

  it('reports a missing file as io error', () => {
    expectDataError(() => readIdxFile('/nonexistent/nothing-idx1-ubyte'), 'io', 'nothing-idx1-ubyte');
  });
});
