/**
 * Loaded datasets kept for showing samples (getSamples, the dataset view): bounded by bytes
 * (least recently used first out) and refreshed when a file they were read from changes
 * size or mtime, so editing the data on disk shows at once and memory does not grow with
 * every spec the UI asks about.
 */
import fs from 'node:fs';
import type { DataRequest } from './dataset';
import { datasetKind, type DatasetSpec } from './kinds/index';
import { resolveDataset, type ResolvedData } from './loaders';

interface Entry {
  data: Promise<ResolvedData>;
  stamps: string[];
  bytes: number;
  used: number;
}

const stamp = (f: string): string => {
  try {
    const s = fs.statSync(f);
    return `${f}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    return `${f}\0missing`;
  }
};

export const DEFAULT_CACHE_BYTES = 256 * 2 ** 20;

export class DatasetCache {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(
    readonly budgetBytes = DEFAULT_CACHE_BYTES,
    private readonly load: (spec: DatasetSpec, req: DataRequest) => Promise<ResolvedData> = resolveDataset,
  ) {}

  async get(spec: DatasetSpec, req: DataRequest): Promise<ResolvedData> {
    const key = JSON.stringify([spec, req.sampleShape, req.target, datasetKind(spec.kind).seeded ? req.seed : 0]);
    const hit = this.entries.get(key);
    if (hit && hit.stamps.length && hit.stamps.every((s) => stamp(s.slice(0, s.indexOf('\0'))) === s)) {
      hit.used = ++this.clock;
      return hit.data;
    }
    if (hit && !hit.stamps.length && hit.bytes >= 0) {
      // Still loading (stamps come with the data) or data with no files (random): reuse.
      hit.used = ++this.clock;
      return hit.data;
    }
    const entry: Entry = { data: this.load(spec, req), stamps: [], bytes: 0, used: ++this.clock };
    this.entries.set(key, entry);
    try {
      const data = await entry.data;
      entry.stamps = data.files.map(stamp);
      entry.bytes = bytesOf(data);
    } catch (e) {
      this.entries.delete(key);
      throw e;
    }
    this.evict(key);
    return entry.data;
  }

  /** Bytes held now (for tests and diagnostics). */
  get bytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.bytes;
    return n;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(keep: string): void {
    const byAge = [...this.entries].filter(([k]) => k !== keep).sort((a, b) => a[1].used - b[1].used);
    while (this.bytes > this.budgetBytes && byAge.length) this.entries.delete(byAge.shift()![0]);
  }
}

function bytesOf(d: ResolvedData): number {
  let n = 0;
  for (const ds of [d.train, d.test]) if (ds) n += ds.images.byteLength + ds.labels.byteLength + (ds.targets?.byteLength ?? 0);
  return n;
}
