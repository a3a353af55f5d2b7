/**
 * The decode cache: decoded uint8 samples of an image folder, one pack file per split and
 * sample shape, with an index keyed by each source file's path, size and mtime. A later
 * epoch or run reuses the pack; a changed, added or removed file re-decodes only itself.
 * A pack larger than the memory budget is not read in: its samples stream from disk.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SampleStream } from './dataset';
import { DataError } from './errors';

/** Bumped when decoding changes (resize, colour conversion), invalidating old packs. */
const DECODER_VERSION = 1;

export function cacheDir(): string {
  if (process.env.WIREGRAD_CACHE_DIR) return process.env.WIREGRAD_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'wiregrad', 'datasets');
}

/** Bytes of decoded samples held in memory; above it samples stream from the pack. */
export function memoryBudget(): number {
  const env = Number(process.env.WIREGRAD_DATA_MEMORY);
  return Number.isFinite(env) && env > 0 ? env : Math.min(4 * 2 ** 30, os.totalmem() / 4);
}

export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

interface PackIndex {
  version: number;
  sampleBytes: number;
  /** In pack order; `ok` false = the file did not decode (its record is zeros and unused). */
  entries: (SourceFile & { ok: boolean; error?: string })[];
}

export interface DecodedPack {
  /** Samples in `files` order, of the files that decoded. */
  data: Uint8Array;
  stream?: SampleStream;
  /** For each input file: its sample index in the pack, or -1 with the reason. */
  slot: Int32Array;
  errors: { file: string; message: string }[];
  /** Files decoded by this call (0 when the cache was complete). */
  decoded: number;
}

export type DecodeOne = (file: string, out: Uint8Array, offset: number) => Promise<void>;

export function statSources(files: string[]): SourceFile[] {
  return files.map((f) => {
    const st = fs.statSync(f);
    return { path: f, size: st.size, mtimeMs: st.mtimeMs };
  });
}

const keyOf = (f: SourceFile) => `${f.path}\0${f.size}\0${f.mtimeMs}`;

/**
 * Decoded samples for `files` (already stat'ed), `sampleBytes` each, decoding with `decode`
 * only what the cache does not hold. `id` names the pack (folder, split, shape).
 */
export async function decodeWithCache(id: string, files: SourceFile[], sampleBytes: number, decode: DecodeOne, concurrency: number): Promise<DecodedPack> {
  const dir = cacheDir();
  const base = path.join(dir, `${createHash('sha256').update(`${DECODER_VERSION}\0${id}\0${sampleBytes}`).digest('hex').slice(0, 24)}`);
  const old = readIndex(`${base}.json`, sampleBytes);
  const oldSlot = new Map<string, number>();
  old?.entries.forEach((e, i) => oldSlot.set(keyOf(e), i));
  const same = !!old && old.entries.length === files.length && files.every((f, i) => oldSlot.get(keyOf(f)) === i);
  if (same && fs.existsSync(`${base}.bin`)) return openPack(`${base}.bin`, old!, 0);

  // Rebuild: copy records that are still valid from the old pack, decode the rest.
  const total = files.length * sampleBytes;
  if (total > memoryBudget()) return buildStreamed(base, files, sampleBytes, decode, concurrency, old, oldSlot);
  const data = new Uint8Array(new SharedArrayBuffer(Math.max(total, 1)), 0, total);
  const entries: PackIndex['entries'] = new Array(files.length);
  const oldFd = old && fs.existsSync(`${base}.bin`) ? fs.openSync(`${base}.bin`, 'r') : undefined;
  const todo: number[] = [];
  files.forEach((f, i) => {
    const j = oldSlot.get(keyOf(f));
    if (oldFd !== undefined && j !== undefined && old!.entries[j].ok) {
      fs.readSync(oldFd, data, i * sampleBytes, sampleBytes, j * sampleBytes);
      entries[i] = { ...f, ok: true };
    } else todo.push(i);
  });
  if (oldFd !== undefined) fs.closeSync(oldFd);
  await pool(todo, concurrency, async (i) => {
    try {
      await decode(files[i].path, data, i * sampleBytes);
      entries[i] = { ...files[i], ok: true };
    } catch (e) {
      data.fill(0, i * sampleBytes, (i + 1) * sampleBytes);
      entries[i] = { ...files[i], ok: false, error: (e as Error).message };
    }
  });
  const index: PackIndex = { version: DECODER_VERSION, sampleBytes, entries };
  writePack(base, index, (fd) => fs.writeSync(fd, data));
  return { ...packResult(data, index), decoded: todo.length };
}

async function buildStreamed(base: string, files: SourceFile[], sampleBytes: number, decode: DecodeOne, concurrency: number, old: PackIndex | undefined, oldSlot: Map<string, number>): Promise<DecodedPack> {
  const tmp = `${base}.bin.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const fd = fs.openSync(tmp, 'w');
  // The old pack is still read below; its index goes first so a crash never pairs it with the new pack.
  const staleIndex = `${base}.json`;
  const oldFd = old && fs.existsSync(`${base}.bin`) ? fs.openSync(`${base}.bin`, 'r') : undefined;
  const entries: PackIndex['entries'] = new Array(files.length);
  let decoded = 0;
  try {
    // In chunks, so memory stays bounded by the chunk, not the dataset.
    const chunk = Math.max(1, Math.floor((64 << 20) / sampleBytes));
    const buf = new Uint8Array(chunk * sampleBytes);
    for (let start = 0; start < files.length; start += chunk) {
      const n = Math.min(chunk, files.length - start);
      const todo: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = start + k;
        const j = oldSlot.get(keyOf(files[i]));
        if (oldFd !== undefined && j !== undefined && old!.entries[j].ok) {
          fs.readSync(oldFd, buf, k * sampleBytes, sampleBytes, j * sampleBytes);
          entries[i] = { ...files[i], ok: true };
        } else todo.push(k);
      }
      await pool(todo, concurrency, async (k) => {
        const i = start + k;
        try {
          await decode(files[i].path, buf, k * sampleBytes);
          entries[i] = { ...files[i], ok: true };
        } catch (e) {
          buf.fill(0, k * sampleBytes, (k + 1) * sampleBytes);
          entries[i] = { ...files[i], ok: false, error: (e as Error).message };
        }
      });
      decoded += todo.length;
      fs.writeSync(fd, buf, 0, n * sampleBytes);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
    if (oldFd !== undefined) fs.closeSync(oldFd);
  }
  fs.rmSync(staleIndex, { force: true });
  fs.renameSync(tmp, `${base}.bin`);
  const index: PackIndex = { version: DECODER_VERSION, sampleBytes, entries };
  writeIndex(`${base}.json`, index);
  return openPack(`${base}.bin`, index, decoded);
}

function packResult(data: Uint8Array, index: PackIndex, stream?: SampleStream): Omit<DecodedPack, 'decoded'> {
  const slot = new Int32Array(index.entries.length);
  const errors: DecodedPack['errors'] = [];
  index.entries.forEach((e, i) => {
    slot[i] = e.ok ? i : -1;
    if (!e.ok) errors.push({ file: e.path, message: e.error ?? 'did not decode' });
  });
  return { data, slot, errors, stream };
}

function openPack(file: string, index: PackIndex, decoded: number): DecodedPack {
  const bytes = index.entries.length * index.sampleBytes;
  const st = fs.statSync(file);
  if (st.size !== bytes) throw new DataError('io', `${file}: decode cache is damaged (${st.size} bytes, expected ${bytes}); delete it`, file);
  if (bytes <= memoryBudget()) {
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(bytes, 1)), 0, bytes);
    const fd = fs.openSync(file, 'r');
    try {
      for (let off = 0; off < bytes; ) off += fs.readSync(fd, data, off, Math.min(bytes - off, 1 << 30), off);
    } finally {
      fs.closeSync(fd);
    }
    return { ...packResult(data, index), decoded };
  }
  return { ...packResult(new Uint8Array(0), index, fileStream(file, index.sampleBytes)), decoded };
}

/** Reads samples on demand with positioned reads; the descriptor stays open for the process. */
export function fileStream(file: string, sampleBytes: number, slots?: Int32Array): SampleStream {
  let fd: number | undefined;
  return {
    file,
    slots,
    read(i, dst, dstOffset) {
      fd ??= fs.openSync(file, 'r');
      fs.readSync(fd, dst, dstOffset, sampleBytes, (slots ? slots[i] : i) * sampleBytes);
    },
  };
}

function readIndex(file: string, sampleBytes: number): PackIndex | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as PackIndex;
    return j.version === DECODER_VERSION && j.sampleBytes === sampleBytes && Array.isArray(j.entries) ? j : undefined;
  } catch {
    return undefined;
  }
}

function writeIndex(file: string, index: PackIndex): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(index));
  fs.renameSync(tmp, file);
}

/** Pack first, then the index that vouches for it: a crash in between leaves a stale index that no longer matches. */
function writePack(base: string, index: PackIndex, write: (fd: number) => void): void {
  try {
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.rmSync(`${base}.json`, { force: true });
    const tmp = `${base}.bin.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      write(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, `${base}.bin`);
    writeIndex(`${base}.json`, index);
  } catch {
    // A cache that cannot be written (read-only home) only costs a decode next time.
  }
}

/** Runs `work` over `items` with at most `n` in flight. */
export async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
