/**
 * Per-user state in the config dir ($WIREGRAD_HOME or ~/.config/wiregrad): the recent
 * files list and the autosave. Both are written atomically; a corrupt file reads as
 * empty rather than breaking startup.
 */

import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { AutosaveRecord, RecentFile } from './contract';
import type { ProjectDocument } from '../graph/document';
import { atomicWrite, readJsonFile } from './fsutil';

const MAX_RECENT = 12;

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WIREGRAD_HOME) return env.WIREGRAD_HOME;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'wiregrad');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'wiregrad');
}

interface StoredAutosave {
  savedAt: string;
  path?: string;
  document: unknown;
}

export class UserStore {
  // Serialises read-modify-write of recent.json: two quick saves must not lose an entry.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly home: string) {}

  private async ensureHome(): Promise<void> {
    await fs.mkdir(this.home, { recursive: true, mode: 0o700 });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => {});
    return next;
  }

  async recentFiles(): Promise<RecentFile[]> {
    const list = await readJsonFile<unknown>(join(this.home, 'recent.json'));
    if (!Array.isArray(list)) return [];
    return list.filter(
      (r): r is RecentFile => !!r && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.at === 'string',
    );
  }

  addRecent(path: string, name?: string): Promise<void> {
    return this.serial(async () => {
      await this.ensureHome();
      const entry: RecentFile = { path, name: name || basename(path), at: new Date().toISOString() };
      const list = [entry, ...(await this.recentFiles()).filter((r) => r.path !== path)].slice(0, MAX_RECENT);
      await atomicWrite(join(this.home, 'recent.json'), JSON.stringify(list, null, 2));
    });
  }

  writeAutosave(docText: string, path?: string): Promise<void> {
    return this.serial(async () => {
      await this.ensureHome();
      const rec: StoredAutosave = { savedAt: new Date().toISOString(), path, document: JSON.parse(docText) };
      await atomicWrite(join(this.home, 'autosave.json'), JSON.stringify(rec));
    });
  }

  /** Reads the autosave; `parse` migrates and validates the document (throws if corrupt). */
  async readAutosave(parse: (text: string) => ProjectDocument): Promise<AutosaveRecord | null> {
    const rec = await readJsonFile<StoredAutosave>(join(this.home, 'autosave.json'));
    if (!rec || typeof rec.savedAt !== 'string' || !rec.document) return null;
    try {
      const doc = parse(JSON.stringify(rec.document));
      return { doc, savedAt: rec.savedAt, ...(typeof rec.path === 'string' ? { path: rec.path } : {}) };
    } catch {
      return null;
    }
  }

  discardAutosave(): Promise<void> {
    return this.serial(() => fs.rm(join(this.home, 'autosave.json'), { force: true }));
  }
}
