/**
 * Electron's file-path allow-list (main keeps it; the renderer cannot widen it). A page
 * that was compromised (an XSS in a layer label, a malicious project) can call every IPC
 * channel, so a path from the renderer is honoured only when the user chose it: in a native
 * open/save dialog, from the recent files, or by opening a project from the OS (file
 * association, command line). Web mode keeps its own rules (token, workDir).
 */
import { resolve } from 'node:path';
import type { Backend, NativeDialogs } from '../core/api/backend';
import { ApiError } from '../core/api/errors';

export class PathAllowList {
  private paths = new Set<string>();

  allow(path: string | null | undefined): void {
    if (path) this.paths.add(resolve(path));
  }

  has(path: string): boolean {
    return this.paths.has(resolve(path));
  }
}

/** Dialogs whose answers the user picked, so they join the allow-list. */
export function allowPicked(dialogs: NativeDialogs, list: PathAllowList): NativeDialogs {
  return {
    async pickFile(opts) {
      const p = await dialogs.pickFile(opts);
      list.allow(p);
      return p;
    },
    async pickSavePath(opts) {
      const p = await dialogs.pickSavePath(opts);
      list.allow(p);
      return p;
    },
  };
}

/**
 * The backend as the renderer may use it: every method that names a file checks the path
 * against the allow-list and the recent files first. Results that name files the user
 * chose (Save As, a recovered autosave) widen the list.
 */
export function guardPaths(backend: Backend, list: PathAllowList): Backend {
  async function requireChosen(channel: string, path: string | undefined | null): Promise<void> {
    if (path === undefined || path === null || list.has(path)) return;
    const recent = await backend.recentFiles().catch(() => []);
    if (recent.some((r) => resolve(r.path) === resolve(path))) return list.allow(path);
    throw new ApiError('FORBIDDEN', `${channel}: ${path} was not chosen in a file dialog or from the recent files; use File ▸ Open or Save As`);
  }
  /** A channel whose first argument is the project path. */
  function projectFirst<C extends 'listRuns' | 'readRun' | 'renameRun' | 'deleteRun' | 'exportRunCsv'>(channel: C): Backend[C] {
    const fn = backend[channel] as (project: string, ...rest: unknown[]) => Promise<unknown>;
    return (async (project: string, ...rest: unknown[]) => {
      await requireChosen(channel, project);
      return fn(project, ...rest);
    }) as Backend[C];
  }
  return {
    ...backend,
    async openProject(path) {
      await requireChosen('openProject', path);
      return backend.openProject(path);
    },
    async saveProject(path, doc, opts) {
      await requireChosen('saveProject', path);
      return backend.saveProject(path, doc, opts);
    },
    async saveProjectAs(doc, name, opts) {
      const saved = await backend.saveProjectAs(doc, name, opts);
      list.allow(saved?.path);
      return saved;
    },
    async autosave(doc, path) {
      // The autosave remembers this path and hands it back on recovery: only a chosen one.
      await requireChosen('autosave', path);
      return backend.autosave(doc, path);
    },
    async recoverAutosave() {
      const rec = await backend.recoverAutosave();
      // Main wrote it, for a path that was allowed then.
      list.allow(rec?.path);
      return rec;
    },
    async importOnnx(req) {
      await requireChosen('importOnnx', req.path);
      return backend.importOnnx(req);
    },
    async exportBlock(file, path) {
      await requireChosen('exportBlock', path);
      return backend.exportBlock(file, path);
    },
    async importBlock(path) {
      await requireChosen('importBlock', path);
      return backend.importBlock(path);
    },
    async exportOnnx(doc, req) {
      await requireChosen('exportOnnx', req?.path);
      // The project's weights file is read beside it: only for a project the user opened or saved.
      await requireChosen('exportOnnx', req?.projectPath);
      return backend.exportOnnx(doc, req);
    },
    // A run of a saved project writes runs/ and the weights file beside it: only a chosen project.
    async startTraining(doc, opts) {
      await requireChosen('startTraining', opts?.projectPath);
      return backend.startTraining(doc, opts);
    },
    // The runs channels read and change runs/ beside a project: the same rule for all of them.
    listRuns: projectFirst('listRuns'),
    readRun: projectFirst('readRun'),
    renameRun: projectFirst('renameRun'),
    deleteRun: projectFirst('deleteRun'),
    exportRunCsv: projectFirst('exportRunCsv'),
  };
}
