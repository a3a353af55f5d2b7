/**
 * The backend API as ONE typed contract. Electron IPC (electron/) and the local
 * HTTP/WebSocket server (core/api/server/) are two transports of exactly this
 * interface, so the renderer never knows which shell it runs in.
 *
 * Pure types plus a frozen list of channel names: no Node, DOM or Electron imports,
 * so the renderer, the preload and the server can all import it.
 *
 * Values crossing the wire are plain data (structured-clone and JSON friendly), with
 * one exception: `Uint8Array` (ONNX bytes). Electron clones it natively; the HTTP
 * transport serves it as a binary download that the client fetches (core/api/codec.ts).
 */

import type { BlockFile } from '../blocks/library';
import type { AugmentConfig, DatasetSpec, ProjectDocument } from '../graph/document';
import type { ExportFormatName } from '../export/formatList';
import { MENU_ACTIONS, type ActionId } from '../ui/actions';
import type { TrainEvent } from '../train/events';
import type { RunDetails, RunListItem } from '../runs/record';
export type { RunDetails, RunListItem } from '../runs/record';

export interface TemplateInfo {
  /** File stem, e.g. "mnist-mlp". */
  id: string;
  name: string;
  description?: string;
  doc: ProjectDocument;
}

export interface OpenedProject {
  /** Absolute path the document was read from. */
  path: string;
  doc: ProjectDocument;
  /** The project's weights file (`<project>.wiregrad.weights`), when it has one. */
  weights?: SavedWeightsSummary;
}

/** What the app shows about a project's saved weights. */
export interface SavedWeightsSummary {
  file: string;
  savedAt?: string;
  /** The run that trained them. */
  runId?: string;
  /** Whether they fit the document's graph (export and "continue training" use them then). */
  fits: boolean;
  /** Why not, when they do not fit. */
  reason?: string;
}

export interface SavedProject {
  path: string;
  size: number;
  /** The weights file written beside it (`<project>.wiregrad.weights`: an imported project's weights). */
  weights?: string;
  /** Why SaveOptions.importId's weights were not written (the graph changed, the backend restarted). */
  weightsSkipped?: string;
}

/** Open ONNX… imports hold their weights under ids of this form (ImportedOnnx.runId). */
export function isImportId(id: string | null | undefined): id is string {
  return !!id && id.startsWith('import-');
}

export interface SaveOptions {
  /**
   * An Open ONNX… import's id (ImportedOnnx.runId): the imported weights, held by the backend,
   * are written beside the project as `<project>.wiregrad.weights` (atomically, before the
   * project) while they still fit the graph, so the saved project keeps them.
   */
  importId?: string;
}

export interface RecentFile {
  path: string;
  name: string;
  /** ISO time of the last open or save. */
  at: string;
}

export interface AutosaveRecord {
  doc: ProjectDocument;
  /** ISO time the autosave was written. */
  savedAt: string;
  /** Path of the file the autosaved document belongs to, if it was ever saved. */
  path?: string;
}

export interface TrainingOptions {
  /** Overrides doc.training.epochs. */
  epochs?: number;
  /** Stops after this many steps (quick runs, tests). */
  steps?: number;
  /**
   * The saved project file. With it the run is recorded in runs/ beside it (metrics,
   * TensorBoard events, checkpoints) and its trained weights are saved beside it.
   */
  projectPath?: string;
  /** Start from the project's saved weights when they fit (default true); false: the seeded initialisation. */
  fromSavedWeights?: boolean;
  /** Continue a recorded run exactly from one of its checkpoints (needs projectPath). */
  resume?: { runId: string; checkpoint?: 'last' | 'best' };
  /** Start from this finished run's (or import's) weights when its graph is still the document's. */
  initialRunId?: string;
}

/** An ONNX model to open as a project: a path (desktop, CLI-like) or the file's bytes (web mode's upload). */
export interface ImportOnnxRequest {
  path?: string;
  /** Web mode: the uploaded file's bytes, base64 (JSON carries no bytes). */
  base64?: string;
  /** Name of the uploaded file, for the project name. */
  fileName?: string;
}

export interface ImportedOnnx {
  /** The new, unsaved project: layers, opaque ONNX ops, a loss, laid out. */
  doc: ProjectDocument;
  warnings: string[];
  /** Nodes kept as opaque ONNX ops, as `id (OpType)`. */
  opaque: string[];
  /**
   * Holds the imported weights like a finished run's: pass it as ExportRequest.runId and
   * TrainingOptions.initialRunId while the graph is unchanged.
   */
  runId: string;
}

export interface StartedRun {
  runId: string;
}

/**
 * A trainer event with typed arrays turned into plain arrays so that it survives
 * JSON and structured clone alike.
 */
export type WireTrainEvent = TrainEvent;

export interface RunEvent {
  runId: string;
  event: WireTrainEvent;
}

/** Several of a run's events in order, as both transports carry them (core/api/eventBatcher.ts). */
export interface RunEventBatch {
  runId: string;
  events: WireTrainEvent[];
  /** The batcher's number for this batch; a flow-controlled client acks it back (core/api/eventBatcher.ts). */
  seq?: number;
}

export interface ExportRequest {
  /** Write the model here; without a path the result carries the bytes (web mode: a browser download). */
  path?: string;
  /** One of core/export/formatList's formats; default "onnx". Files that go with it are written beside `path`. */
  format?: ExportFormatName;
  /**
   * The project file (`mlp.wiregrad.json`): without a fitting run, its weights file
   * (`mlp.wiregrad.weights`, from training or import) provides the weights when it fits the graph.
   */
  projectPath?: string;
  /**
   * The run whose weights to export: the current project's last finished run, which the
   * renderer remembers. Used only while the document's graph still matches the run's.
   */
  runId?: string;
}

export interface ExportResult {
  fileName: string;
  size: number;
  /** Where the file was written, when a path was given. */
  path?: string;
  /** The model itself when no path was given (web mode: the browser downloads it). */
  bytes?: Uint8Array;
  /** True when trained weights were used, false for the seeded initial weights. */
  trained: boolean;
  /** The run whose weights the model holds (when trained). */
  runId?: string;
  /** The weights file the model's weights came from (when trained and no run was in memory). */
  weightsFile?: string;
  /** Why the initial weights were used, in plain words (when not trained). */
  untrainedReason?: string;
  /** Every file of the export, the main one last (one for ONNX; the script and its weights for PyTorch). */
  files?: ExportedFileInfo[];
}

export interface ExportedFileInfo {
  name: string;
  size: number;
  /** Where it was written, when a path was given. */
  path?: string;
  /** Its contents when no path was given (web mode downloads each). */
  bytes?: Uint8Array;
}

export interface DeviceInfo {
  /** As written in TrainingConfig.device: "cpu", "cuda:0", ... */
  id: string;
  name: string;
  kind: 'cpu' | 'cuda';
  /** Logical cores (CPU) or memory in bytes (GPU), informational. */
  cores?: number;
  memoryBytes?: number;
  /** Set when this choice cannot be used here: a plain sentence saying why and what to do. */
  unavailable?: string;
}

export type SampleSplit = 'train' | 'test';

/** How getSamples and describeDataset see the data: as the model will (Input shape and target), optionally augmented. */
export interface SampleView {
  /** The Input node's shape (images are resized to it); default the dataset's natural shape. */
  inputShape?: number[];
  /** The Input node's target_shape: float targets instead of class labels. */
  targetShape?: number[] | null;
  /** Training augmentation to apply (the live preview); each sample gets its own seeded draw. */
  augment?: AugmentConfig;
  /** The run's seed (generated datasets depend on it; the preview's draws too). */
  seed?: number;
  /** Which preview draw: "Draw again" counts up, changing the augmentation without reloading data. */
  draw?: number;
}

export interface SampleImage {
  index: number;
  /** Class index (-1 for float targets). */
  label: number;
  /** The class's name, where the dataset has names. */
  labelName?: string;
  /** Float target values (regression datasets). */
  target?: number[];
  /** Sample shape without the batch axis, e.g. [1, 28, 28] (CHW). */
  shape: number[];
  /** Pixels 0..255 in CHW order, one number per element. */
  pixels: number[];
}

export interface DatasetSplitInfo {
  split: SampleSplit;
  count: number;
  /** Samples per class index (classification). */
  classCounts?: number[];
}

/** What the dataset view shows: sizes, per-class counts, class names and warnings. */
export interface DatasetOverview {
  kind: string;
  name: string;
  sampleShape: number[];
  /** Class count (0 for float targets). */
  classes: number;
  classNames?: string[];
  splits: DatasetSplitInfo[];
  /** Images (a sample grid makes sense) or feature vectors. */
  images: boolean;
  /** Training-sample indices worth showing: the first few of every class. */
  examples: number[];
  warnings: { message: string; file?: string }[];
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The open/save dialog filter for project files, the same in both shells. */
export interface BlockLibrary {
  entries: { path: string; file: BlockFile }[];
  problems: string[];
}

export const BLOCK_FILE_FILTERS: FileFilter[] = [{ name: 'Wiregrad block', extensions: ['wiregrad-block.json', 'json'] }];

export const PROJECT_FILE_FILTERS: FileFilter[] = [{ name: 'Wiregrad project', extensions: ['wiregrad.json', 'json'] }];

/** The open dialog filter for ONNX models (Open ONNX…). */
export const ONNX_FILE_FILTERS: FileFilter[] = [{ name: 'ONNX model', extensions: ['onnx'] }];

export interface PickFileOptions {
  title?: string;
  /** Pick a folder instead of a file (image-folder datasets). */
  directory?: boolean;
  filters?: FileFilter[];
}

export interface PickSavePathOptions {
  title?: string;
  defaultPath?: string;
  filters?: FileFilter[];
}

export interface ShellInfo {
  shell: 'electron' | 'web';
  version: string;
  platform: string;
  /** pickFile / pickSavePath / saveProjectAs show native dialogs. */
  nativeDialogs: boolean;
  /** Config dir holding recent files and the autosave. */
  home: string;
  /** Where relative paths resolve (web mode: the folder `wiregrad serve` started in). */
  workDir?: string;
  /** Projects the OS asked to open before the page was ready (file association, command line); later ones arrive by onOpenPath. */
  openPaths?: string[];
}

/** Commands the native menu sends to the renderer (Electron only): ids of the action table (core/ui/actions.ts). */
export type MenuCommand = ActionId;

/** Error shape that every transport delivers to the caller (thrown as ApiError on the client). */
export interface ApiErrorData {
  /** Stable code: DOC_*, NOT_FOUND, BAD_ARGUMENT, FORBIDDEN, NO_NATIVE_DIALOG, RUN_IN_PROGRESS, ... */
  code: string;
  message: string;
  /** Where a document or training error points: the canvas node and/or the file line. */
  nodeId?: string;
  line?: number;
}

/**
 * Request/response methods. Every one returns a Promise; arguments and results are
 * transport-neutral data. This interface IS the channel map: the channel name is the
 * method name, its signature is the method type.
 */
export interface ApiMethods {
  getInfo(): Promise<ShellInfo>;
  listTemplates(): Promise<TemplateInfo[]>;
  openProject(path: string): Promise<OpenedProject>;
  /** Atomic: temp file, fsync, rename. Adds the path to the recent files. */
  saveProject(path: string, doc: ProjectDocument, opts?: SaveOptions): Promise<SavedProject>;
  /** Asks for a path with the shell's dialog; null when the user cancelled. */
  saveProjectAs(doc: ProjectDocument, suggestedName?: string, opts?: SaveOptions): Promise<SavedProject | null>;
  recentFiles(): Promise<RecentFile[]>;
  autosave(doc: ProjectDocument, path?: string): Promise<void>;
  recoverAutosave(): Promise<AutosaveRecord | null>;
  /** Called after a clean save or when the user discards the recovered graph. */
  discardAutosave(): Promise<void>;
  startTraining(doc: ProjectDocument, opts?: TrainingOptions): Promise<StartedRun>;
  stopTraining(runId: string): Promise<void>;
  /** Opens an ONNX model as a new project (see ImportedOnnx); hostile files are one clear IMPORT_* error. */
  importOnnx(req: ImportOnnxRequest): Promise<ImportedOnnx>;
  /** Exports the weights of run `req.runId` if its graph still matches the document, else the seeded initial weights. */
  exportOnnx(doc: ProjectDocument, req?: ExportRequest): Promise<ExportResult>;
  listDevices(): Promise<DeviceInfo[]>;
  getSamples(split: SampleSplit, indices: number[], dataset?: DatasetSpec, view?: SampleView): Promise<SampleImage[]>;
  /** Loads the dataset as the model would and summarises it; refuses unusable data naming the file. */
  describeDataset(dataset: DatasetSpec, view?: SampleView): Promise<DatasetOverview>;
  /**
   * Writes a block file (core/blocks/library.ts), validated with the project rules: to `path`,
   * or without one into the user's block library (`<home>/blocks/<Name>.wiregrad-block.json`).
   */
  exportBlock(file: BlockFile, path?: string): Promise<SavedProject>;
  /** Reads and validates a block file, for importing into the open project. */
  importBlock(path: string): Promise<BlockFile>;
  /** The block files in the user's library, valid ones only (a broken file is left out, named in `problems`). */
  listBlockLibrary(): Promise<BlockLibrary>;
  /** Native open dialog; null when cancelled. Throws NO_NATIVE_DIALOG in web mode. */
  pickFile(opts?: PickFileOptions): Promise<string | null>;
  /** Native save dialog; null when cancelled. Throws NO_NATIVE_DIALOG in web mode. */
  pickSavePath(opts?: PickSavePathOptions): Promise<string | null>;
  /** The runs recorded in runs/ beside this project, newest first. */
  listRuns(projectPath: string): Promise<RunListItem[]>;
  /** One run's record (with the document it trained) and its curves. */
  readRun(projectPath: string, runId: string): Promise<RunDetails>;
  renameRun(projectPath: string, runId: string, name: string): Promise<RunListItem>;
  /** Deletes the run's folder (metrics, events, checkpoints). */
  deleteRun(projectPath: string, runId: string): Promise<void>;
  /** The run's metrics as CSV: one row per step, epoch metrics on each epoch's last step. */
  exportRunCsv(projectPath: string, runId: string): Promise<{ fileName: string; text: string }>;
}

export type Channel = keyof ApiMethods;
export type ChannelArgs<C extends Channel> = Parameters<ApiMethods[C]>;
export type ChannelResult<C extends Channel> = Awaited<ReturnType<ApiMethods[C]>>;

export type Unsubscribe = () => void;

export type ConnectionState = 'connected' | 'disconnected';

/** What the renderer sees: the methods plus event subscriptions. */
export interface WiregradApi extends ApiMethods {
  onTrainEvent(cb: (e: RunEvent) => void): Unsubscribe;
  /** Native menu commands; never fires in web mode (the renderer binds keys itself there). */
  onMenuCommand(cb: (command: MenuCommand) => void): Unsubscribe;
  /**
   * Whether the backend can be reached. Web mode reports 'disconnected' when the event socket
   * closes or a request cannot reach the server, 'connected' when it answers again; Electron's
   * IPC never disconnects (the backend lives in the app's own main process).
   */
  onConnection(cb: (state: ConnectionState) => void): Unsubscribe;
  /** Tries to reach the backend now rather than at the next automatic retry; true when it answered. */
  reconnect(): Promise<boolean>;
  /** A project the OS asks the app to open (double-click, second launch, macOS open-file); Electron only. */
  onOpenPath(cb: (path: string) => void): Unsubscribe;
}

/**
 * Runtime list of the request channels, checked against ApiMethods at compile time in
 * both directions so a method cannot be added to one and forgotten in the other.
 */
export const CHANNELS = [
  'getInfo',
  'listTemplates',
  'openProject',
  'saveProject',
  'saveProjectAs',
  'recentFiles',
  'autosave',
  'recoverAutosave',
  'discardAutosave',
  'startTraining',
  'stopTraining',
  'exportOnnx',
  'importOnnx',
  'listDevices',
  'getSamples',
  'describeDataset',
  'exportBlock',
  'importBlock',
  'listBlockLibrary',
  'pickFile',
  'pickSavePath',
  'listRuns',
  'readRun',
  'renameRun',
  'deleteRun',
  'exportRunCsv',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
// Fails to compile when a method of ApiMethods is not listed in CHANNELS.
const _allListed: [Missing] extends [never] ? true : Missing = true;
void _allListed;

export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name);
}

/** Names of the Electron IPC channels, kept here so main and preload cannot drift. */
export const IPC_PREFIX = 'wiregrad:';
/** Main → page: a RunEventBatch. */
export const IPC_TRAIN_EVENT = 'wiregrad-event:train';
/** Page → main (invoke): the last batch is taken in; the next may come (flow control, core/api/eventBatcher.ts). */
export const IPC_TRAIN_ACK = 'wiregrad-event:train-ack';
export const IPC_MENU_COMMAND = 'wiregrad-event:menu';
export const IPC_OPEN_PATH = 'wiregrad-event:open-path';

/** HTTP transport paths. */
export const HTTP_API_PREFIX = '/api/';
/** GET <prefix><id>: the bytes a result listed in its envelope's `blobs` (core/api/codec.ts). */
export const HTTP_BLOB_PREFIX = '/api/blob/';
export const WS_EVENTS_PATH = '/api/events';
export const TOKEN_HEADER = 'x-wiregrad-token';

/** WebSocket message from server to client. */
export type ServerMessage =
  | { type: 'train'; runId: string; event: WireTrainEvent }
  /** Several of a run's events in order (step events are coalesced, core/api/eventBatcher.ts). */
  | ({ type: 'train-batch' } & RunEventBatch)
  | { type: 'hello'; version: string };

/**
 * WebSocket message from client to server: train-batch `seq` is taken in (core/api/eventBatcher.ts).
 * Without a seq (sent once on 'hello') it only says that this client acks.
 */
export type ClientMessage = { type: 'ack'; seq?: number };

/** A client's message if it is a well-formed ack, else null (anything else a client sends is ignored). */
export function parseAck(text: string): ClientMessage | null {
  if (text.length > 64) return null;
  try {
    const m = JSON.parse(text) as { type?: unknown; seq?: unknown };
    if (m?.type !== 'ack' || Object.keys(m).some((k) => k !== 'type' && k !== 'seq')) return null;
    if (m.seq === undefined) return { type: 'ack' };
    return Number.isSafeInteger(m.seq) ? { type: 'ack', seq: m.seq as number } : null;
  } catch {
    return null;
  }
}

export const MENU_COMMANDS: readonly MenuCommand[] = MENU_ACTIONS;
