/**
 * The Node implementation of the API contract. Both shells wrap exactly this object:
 * electron/ipc.ts registers its methods as IPC handlers, core/api/server/ as HTTP routes.
 * Shell-specific abilities (native dialogs) are injected, never detected here.
 */

import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { fileStem, projectTitle } from '../graph/title';
import type {
  ApiMethods,
  DeviceInfo,
  ExportResult,
  PickFileOptions,
  PickSavePathOptions,
  RunEvent,
  SavedProject,
  TemplateInfo,
  Unsubscribe,
} from './contract';
import { PROJECT_FILE_FILTERS } from './contract';
import type { CoreDeps } from './deps';
import { describeDataset, getSamples } from './samples';
import { listDevices } from '../devices/index';
import { ApiError } from './errors';
import { atomicWrite } from './fsutil';
import { UserStore } from './store';
import { TrainingManager } from './training';

export interface NativeDialogs {
  pickFile(opts?: PickFileOptions): Promise<string | null>;
  pickSavePath(opts?: PickSavePathOptions): Promise<string | null>;
}

export interface BackendOptions {
  /** Config dir for recent files and the autosave. */
  home: string;
  /** Folder of *.wiregrad.json example projects. */
  templatesDir: string;
  deps: CoreDeps;
  shell: 'electron' | 'web';
  version: string;
  dialogs?: NativeDialogs;
  /**
   * Folder that relative paths typed by the user resolve against (web mode: where
   * `wiregrad serve` was started). Without it only absolute paths are accepted.
   */
  workDir?: string;
}

export interface Backend extends ApiMethods {
  onTrainEvent(cb: (e: RunEvent) => void): Unsubscribe;
  /** Stops running trainings (window closed, server shut down). */
  dispose(): Promise<void>;
}

export function createBackend(o: BackendOptions): Backend {
  const store = new UserStore(o.home);
  const training = new TrainingManager(o.deps);

  // Paths come from the renderer. "~/x" means the user's home, as in a shell; other relative
  // paths resolve against workDir, never against whatever cwd the process happens to have.
  const absolute = (p: string): string => {
    if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) return resolve(homedir(), p.slice(2));
    if (isAbsolute(p)) return resolve(p);
    if (!o.workDir) throw new ApiError('BAD_ARGUMENT', `Expected an absolute path, got "${p}"`);
    return resolve(o.workDir, p);
  };

  const noDialog = (): never => {
    throw new ApiError('NO_NATIVE_DIALOG', 'This shell has no native file dialogs; type a path instead');
  };

  async function saveProject(path: string, doc: ProjectDocument): Promise<SavedProject> {
    const file = absolute(path);
    const size = await atomicWrite(file, o.deps.serializeDocument(doc));
    await store.addRecent(file, projectTitle(doc.name, file));
    return { path: file, size };
  }

  return {
    async getInfo() {
      return {
        shell: o.shell,
        version: o.version,
        platform: process.platform,
        nativeDialogs: !!o.dialogs,
        home: o.home,
        ...(o.workDir ? { workDir: o.workDir } : {}),
      };
    },

    async listTemplates() {
      let files: string[];
      try {
        files = (await fs.readdir(o.templatesDir)).filter((f) => f.endsWith('.wiregrad.json')).sort();
      } catch {
        return [];
      }
      const out: TemplateInfo[] = [];
      for (const f of files) {
        const doc = o.deps.parseDocument(await fs.readFile(join(o.templatesDir, f), 'utf8'), f);
        const description = typeof doc.description === 'string' ? doc.description : undefined;
        out.push({ id: f.slice(0, -'.wiregrad.json'.length), name: doc.name, ...(description ? { description } : {}), doc });
      }
      return out;
    },

    async openProject(path) {
      const file = absolute(path);
      const doc = o.deps.parseDocument(await fs.readFile(file, 'utf8'), basename(file));
      await store.addRecent(file, projectTitle(doc.name, file));
      return { path: file, doc };
    },

    saveProject,

    async saveProjectAs(doc, suggestedName) {
      if (!o.dialogs) noDialog();
      const path = await o.dialogs!.pickSavePath({
        title: 'Save project as',
        defaultPath: `${fileStem(suggestedName || doc.name)}.wiregrad.json`,
        filters: PROJECT_FILE_FILTERS,
      });
      return path ? saveProject(path, doc) : null;
    },

    recentFiles: () => store.recentFiles(),

    async autosave(doc, path) {
      await store.writeAutosave(o.deps.serializeDocument(doc), path);
    },

    recoverAutosave: () => store.readAutosave((t) => o.deps.parseDocument(t, 'autosave.json')),

    discardAutosave: () => store.discardAutosave(),

    startTraining: (doc, opts) => training.start(doc, opts),

    stopTraining: (runId) => training.stop(runId),

    async exportOnnx(doc, path): Promise<ExportResult> {
      const weights = training.trainedWeights(doc);
      const bytes = o.deps.exportInferenceModel(doc, { weights, seed: doc.training.seed });
      const trained = !!weights;
      if (path === undefined || path === null) {
        return { fileName: `${fileStem(doc.name)}.onnx`, size: bytes.length, bytes, trained };
      }
      const file = absolute(path);
      await atomicWrite(file, bytes);
      return { fileName: basename(file), size: bytes.length, path: file, trained };
    },

    async listDevices(): Promise<DeviceInfo[]> {
      // The CPU always; GPUs only when onnxruntime-node's CUDA provider loads (core/devices).
      return listDevices();
    },

    // Datasets are cached by the core (bounded, refreshed when files change): see core/data/cache.ts.
    getSamples: (split, indices, spec, view) => getSamples(o.deps, split, indices, spec, view),

    describeDataset: (spec, view) => describeDataset(o.deps, spec, view),

    async pickFile(opts) {
      if (!o.dialogs) noDialog();
      return o.dialogs!.pickFile(opts);
    },

    async pickSavePath(opts) {
      if (!o.dialogs) noDialog();
      return o.dialogs!.pickSavePath(opts);
    },

    onTrainEvent: (cb) => training.onEvent(cb),

    dispose: () => training.stopAll(),
  };
}
