/**
 * The Node implementation of the API contract. Both shells wrap exactly this object:
 * electron/ipc.ts registers its methods as IPC handlers, core/api/server/ as HTTP routes.
 * Shell-specific abilities (native dialogs) are injected, never detected here.
 */

import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ProjectDocument } from '../graph/document';
import type { RunDataFacts } from '../train/events';
import { fileStem, projectTitle } from '../graph/title';
import type {
  ApiMethods,
  DeviceInfo,
  ExportResult,
  PickFileOptions,
  PickSavePathOptions,
  RunEvent,
  SavedProject,
  SaveOptions,
  TemplateInfo,
  Unsubscribe,
} from './contract';
import { PROJECT_FILE_FILTERS, type BlockLibrary } from './contract';
import { BLOCK_FILE_SUFFIX, parseBlockFile, serializeBlockFile } from '../blocks/library';
import type { CoreDeps } from './deps';
import { describeDataset, getSamples } from './samples';
import { prepareRun, runChannels, savedWeightsSummary } from './projectRuns';
import { listDevices } from '../devices/index';
import { ApiError } from './errors';
import { atomicWrite } from './fsutil';
import { exportFiles } from './exportFiles';
import { UserStore } from './store';
import { graphKey, TrainingManager } from './training';
import { OnnxImports } from './importOnnx';
import { bufferLayout, paramLayout, vectorFromWeights } from '../compile/paramLayout';
import { validateDocument } from '../graph/parse';
import { checkDocument } from '../check/check';
import { requireMemory } from '../check/memory';
import { requireDatasetFitsInput } from '../check/datasetInput';
import { availableMemoryBytes } from '../devices/memory';

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
  /** Memory a run may use (default: free memory within the cgroup limit); injected by tests. */
  availableMemory?: () => number;
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
  const imports = new OnnxImports(o.deps.runOp);

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

  /**
   * Every document that enters the API is validated whole with the file parser's rules
   * (defaults filled, unknown fields kept), so nothing is saved that openProject refuses and
   * no run or export starts from a document the checker never saw whole.
   */
  const valid = (doc: unknown, label = 'document'): ProjectDocument => validateDocument(doc, { fileName: label });

  async function saveProject(path: string, doc: ProjectDocument, opts?: SaveOptions): Promise<SavedProject> {
    const file = absolute(path);
    const checked = valid(doc, basename(file));
    // The weights first: a project file on disk then always has the weights it was saved with.
    const weights = opts?.importId ? await imports.save(opts.importId, checked, file) : {};
    const size = await atomicWrite(file, o.deps.serializeDocument(checked));
    await store.addRecent(file, projectTitle(checked.name, file));
    return { path: file, size, ...weights };
  }

  /** The run's weights when its graph is still the document's; otherwise why not, in words. */
  function runWeights(doc: ProjectDocument, runId: string | undefined): { weights?: Map<string, Float32Array>; runId?: string; untrainedReason?: string; data?: RunDataFacts } {
    if (!runId) return { untrainedReason: 'this project has not finished a training run in this session' };
    const imported = imports.weights(runId, doc);
    if (imported) return imported.weights ? { weights: imported.weights, runId } : { untrainedReason: imported.reason };
    const run = training.result(runId);
    if (!run) return { untrainedReason: `the weights of ${runId} are no longer held (the backend restarted, or newer runs replaced them)` };
    if (run.graph !== graphKey(doc)) return { untrainedReason: `the graph changed since ${runId} finished, so its weights no longer fit` };
    return { weights: run.weights, runId, data: run.done.data };
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
      const weights = await savedWeightsSummary(file, doc);
      return { path: file, doc, ...(weights ? { weights } : {}) };
    },

    saveProject,

    async saveProjectAs(doc, suggestedName, opts) {
      if (!o.dialogs) noDialog();
      valid(doc); // before the dialog: a document that cannot be saved should not ask for a path first
      const path = await o.dialogs!.pickSavePath({
        title: 'Save project as',
        defaultPath: `${fileStem(suggestedName || doc.name)}.wiregrad.json`,
        filters: PROJECT_FILE_FILTERS,
      });
      return path ? saveProject(path, doc, opts) : null;
    },

    recentFiles: () => store.recentFiles(),

    async exportBlock(file, path) {
      const checked = parseBlockFile(file, 'block');
      const target = path ? absolute(path) : join(o.home, 'blocks', `${checked.name}${BLOCK_FILE_SUFFIX}`);
      await fs.mkdir(dirname(target), { recursive: true });
      const size = await atomicWrite(target, serializeBlockFile(checked));
      return { path: target, size };
    },

    async importBlock(path) {
      const file = absolute(path);
      return parseBlockFile(await fs.readFile(file, 'utf8'), basename(file));
    },

    async listBlockLibrary() {
      const dir = join(o.home, 'blocks');
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      const entries: BlockLibrary['entries'] = [];
      const problems: string[] = [];
      for (const f of names.filter((n) => n.endsWith(BLOCK_FILE_SUFFIX)).sort()) {
        try {
          entries.push({ path: join(dir, f), file: parseBlockFile(await fs.readFile(join(dir, f), 'utf8'), f) });
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      return { entries, problems };
    },

    async autosave(doc, path) {
      await store.writeAutosave(o.deps.serializeDocument(valid(doc, 'autosave')), path);
    },

    recoverAutosave: () => store.readAutosave((t) => o.deps.parseDocument(t, 'autosave.json')),

    discardAutosave: () => store.discardAutosave(),

    async startTraining(doc, opts) {
      const checked = valid(doc);
      // A dataset that does not fit the Input is refused now, with the editor's message, not at the first batch.
      requireDatasetFitsInput(checked);
      // Refused with the estimate before a worker starts, rather than after it filled the memory.
      requireMemory(checked, checkDocument(checked), (o.availableMemory ?? availableMemoryBytes)());
      const project = opts?.projectPath ? absolute(opts.projectPath) : undefined;
      const prep = await prepareRun(checked, opts ?? {}, project);
      // An import's or an earlier run's weights start the run when they still fit the graph.
      if (opts?.initialRunId && !prep.resume) {
        const from = runWeights(checked, opts.initialRunId);
        if (!from.weights) throw new ApiError('WEIGHTS_MISMATCH', `Cannot start from ${opts.initialRunId}: ${from.untrainedReason}`);
        const check = checkDocument(checked);
        prep.initialParams = vectorFromWeights(paramLayout(checked, check), from.weights);
        prep.initialBuffers = vectorFromWeights(bufferLayout(checked, check), from.weights);
      }
      return training.start(checked, opts ?? {}, prep);
    },

    stopTraining: (runId) => training.stop(runId),

    async exportOnnx(doc, req = {}): Promise<ExportResult> {
      const checked = valid(doc);
      const file = req.path === undefined || req.path === null ? undefined : absolute(req.path);
      const projectPath = req.projectPath === undefined || req.projectPath === null ? undefined : absolute(req.projectPath);
      return exportFiles(checked, req, file, projectPath, { run: runWeights(checked, req.runId ?? undefined), inference: o.deps.exportInferenceModel });
    },

    importOnnx: (req) => imports.import(req, absolute),

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

    ...runChannels(absolute),

    onTrainEvent: (cb) => training.onEvent(cb),

    dispose: () => training.stopAll(),
  };
}
