/**
 * Crash-safe file writes. A save must never leave a half-written project behind: the
 * bytes go to a temp file in the same directory (same filesystem, so rename is atomic),
 * are fsynced, and only then renamed over the target. A crash at any point leaves either
 * the old file or the new one. Also, as a save in an editor should:
 *  - a symlinked project stays a symlink: the write goes to the file it points to;
 *  - the file keeps its permission bits (a 600 project stays 600);
 *  - temp files that a killed process left behind for this target are removed.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Temp names: `.<name>.<pid>.<8 hex>.tmp`, so the owner of a leftover can be told. */
const tempPattern = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);

/** Temp files being written by this process right now (never swept). */
const inFlight = new Set<string>();

export async function atomicWrite(file: string, data: string | Uint8Array): Promise<number> {
  const target = await throughSymlinks(file);
  const dir = dirname(target);
  const name = basename(target);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const mode = await existingMode(target);
  await sweepStaleTemps(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  inFlight.add(tmp);
  try {
    // 'wx': never follow or clobber an existing file at the temp name. New files get 666 less the umask, as any write would.
    const fh = await fs.open(tmp, 'wx', 0o666);
    try {
      if (mode !== undefined) await fh.chmod(mode);
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.unlink(tmp).catch(() => {});
    throw e;
  } finally {
    inFlight.delete(tmp);
  }
  await syncDir(dir);
  return bytes.length;
}

/** The file a path finally names, following symlinks (also a dangling one: saving creates its target). */
async function throughSymlinks(file: string): Promise<string> {
  let p = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = await fs.lstat(p);
    } catch {
      return p; // does not exist yet: write it here
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), await fs.readlink(p));
  }
  const err = new Error(`${file}: too many levels of symbolic links`) as NodeJS.ErrnoException;
  err.code = 'ELOOP';
  throw err;
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An hour-old temp file is stale even if its pid is alive again (pids get reused). */
const STALE_MS = 60 * 60_000;

/**
 * Removes this target's temp files whose writer is gone (killed mid-save): a dead pid, or
 * this process's own from an earlier failed attempt, or anything older than an hour. Best
 * effort: a sweep that fails never fails the save.
 */
export async function sweepStaleTemps(dir: string, name: string): Promise<number> {
  const re = tempPattern(name);
  let removed = 0;
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const m = re.exec(entry);
    if (!m) continue;
    const path = join(dir, entry);
    if (inFlight.has(path)) continue;
    const pid = Number(m[1]);
    let stale = pid === process.pid || !alive(pid);
    if (!stale) {
      const st = await fs.lstat(path).catch(() => null);
      stale = !!st && Date.now() - st.mtimeMs > STALE_MS;
    }
    if (stale && (await fs.unlink(path).then(() => true, () => false))) removed++;
  }
  return removed;
}

/** Makes the rename itself durable. Windows cannot open directories; there it is skipped. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const dh = await fs.open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is already synced.
  }
}

export async function readJsonFile<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
