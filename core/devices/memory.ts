/**
 * Memory a training run may use on this machine: free memory (MemAvailable on Linux),
 * capped by the cgroup limit a container imposes, which os.freemem() does not see.
 * WIREGRAD_MEMORY_BYTES overrides it (tests, or a user who wants a stricter cap).
 */
import fs from 'node:fs';
import os from 'node:os';

function readNumber(file: string): number | undefined {
  try {
    const t = fs.readFileSync(file, 'utf8').trim();
    const n = Number(t);
    return t !== 'max' && Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** What the cgroup (v2, else v1) still allows this process, or undefined when unlimited. */
export function cgroupAvailable(root = '/sys/fs/cgroup'): number | undefined {
  const v2 = readNumber(`${root}/memory.max`);
  if (v2 !== undefined) return Math.max(0, v2 - (readNumber(`${root}/memory.current`) ?? 0));
  const v1 = readNumber(`${root}/memory/memory.limit_in_bytes`);
  // v1 reports "no limit" as a huge number (2^63 rounded to pages).
  if (v1 !== undefined && v1 < 2 ** 60) return Math.max(0, v1 - (readNumber(`${root}/memory/memory.usage_in_bytes`) ?? 0));
  return undefined;
}

export function availableMemoryBytes(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.WIREGRAD_MEMORY_BYTES);
  if (env.WIREGRAD_MEMORY_BYTES && Number.isFinite(forced) && forced > 0) return forced;
  const free = os.freemem();
  const cg = cgroupAvailable();
  return cg === undefined ? free : Math.min(free, cg);
}
