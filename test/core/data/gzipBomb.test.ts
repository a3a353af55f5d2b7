/** Gzip IDX files are decompressed only as far as their header declares (issue 7, item 9). */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readIdx, writeIdx } from '../../../core/data/idx';
import { DataError } from '../../../core/data/errors';

const header = (dims: number[]) => writeIdx(dims, 'ubyte', []).subarray(0, 4 + 4 * dims.length);

describe('gzip IDX bounds', () => {
  it('stops a gzip bomb at the declared size: bounded time and memory', () => {
    // 256 MiB of zeros behind a header that declares 10 bytes compresses to ~250 kB.
    const zeros = new Uint8Array(64 << 20);
    const parts = [header([10]), ...Array.from({ length: 4 }, () => zeros)];
    const bomb = gzipSync(Buffer.concat(parts), { level: 9 });
    expect(bomb.length).toBeLessThan(2_000_000);
    const rss = process.memoryUsage().rss;
    const t = performance.now();
    let err: unknown;
    try {
      readIdx(bomb, 'bomb-idx1-ubyte.gz');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('size_mismatch');
    expect((err as DataError).message).toMatch(/bomb-idx1-ubyte\.gz: decompresses to more than the 18 bytes its header declares/);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 << 20);
  });

  it('refuses a header that promises more than the compressed bytes can hold, without decompressing', () => {
    const gz = gzipSync(Buffer.concat([header([60000, 28, 28]), Buffer.alloc(100)]));
    expect(() => readIdx(gz, 'liar.gz')).toThrow(/liar\.gz: the header promises 47040016 bytes/);
  });

  it('still reads honest gzip files and names truncated ones', () => {
    const ok = gzipSync(writeIdx([2, 2], 'ubyte', [1, 2, 3, 4]));
    expect(Array.from(readIdx(ok, 'ok.gz').data)).toEqual([1, 2, 3, 4]);
    const cut = ok.subarray(0, ok.length - 6);
    expect(() => readIdx(cut, 'cut.gz')).toThrow(/cut\.gz/);
  });
});
