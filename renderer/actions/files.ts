/** New / open / save / save as / export and autosave, through the API contract only. */
import { download } from '../util/download';
import type { ProjectDocument } from '../../core/graph/document';
import { editor, editorStore } from '../store/editorStore';
import { isDirty } from '../store/editor';
import { ui, uiStore } from '../store/uiStore';
import { getApi, errorMessage } from '../api';
import { requestFit } from '../canvas/controller';
import { ask, askChoosing, askPath } from './dialog';
import { autoLayout } from '../canvas/layout';
import { settingsStore } from '../store/settings';
import { runStore } from '../training/runStore';
import { IDLE_RUN, isActive } from '../training/runState';
import { refreshRecent, sessionStore } from './session';
import { fileStem, projectTitle } from '../../core/graph/title';
import { elkCopes } from '../../core/import/layout';
import { isImportId, ONNX_FILE_FILTERS, PROJECT_FILE_FILTERS, type ImportOnnxRequest, type SavedProject, type SaveOptions } from '../../core/api/contract';
import { EXPORT_FORMATS, formatForPath, type ExportFormatName } from '../../core/export/formatList';

function nativeDialogs(): boolean {
  return sessionStore.get().info?.nativeDialogs ?? false;
}

function requireApi() {
  const api = getApi();
  if (!api) ui.toast('error', 'This needs the Wiregrad backend: start the desktop app or `wiregrad serve`.');
  return api;
}

/** Opens a document in the editor and frames it once React Flow has measured the nodes. */
export function openDocument(doc: ProjectDocument, path: string | null, opts: { dirty?: boolean } = {}): void {
  requestFit(doc.nodes.length > 0);
  // Curves and test results belong to the model that produced them, not to the next document.
  if (!isActive(runStore.get())) runStore.set(IDLE_RUN);
  uiStore.set((s) => ({ ...s, evaluationUnseen: false }));
  editor.load(doc, path, opts.dirty);
  ui.setScreen('editor');
}

/** Hand-written or generated files often leave every node at (0, 0): lay those out rather than show one pile. */
async function withLayoutIfStacked(doc: ProjectDocument): Promise<ProjectDocument> {
  if (doc.nodes.length < 2) return doc;
  const first = doc.nodes[0].position;
  if (!doc.nodes.every((n) => n.position.x === first.x && n.position.y === first.y)) return doc;
  return withLayout(doc);
}

/** The document laid out by auto-layout in the user's direction (a template, a pile of nodes). */
export async function withLayout(doc: ProjectDocument): Promise<ProjectDocument> {
  const pos = await autoLayout(doc, { dir: settingsStore.get().layoutDirection });
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: pos[n.id] ?? n.position })) };
}

export function newProject(): void {
  // The start screen is the "new" dialog: templates or an empty canvas; the current graph stays until one is chosen.
  ui.setScreen('start');
}

export async function openPath(path: string): Promise<void> {
  const api = requireApi();
  if (!api) return;
  try {
    const opened = await api.openProject(path);
    openDocument(await withLayoutIfStacked(opened.doc), opened.path);
    const w = opened.weights;
    const weights = !w ? '' : w.fits ? ` with its trained weights${w.savedAt ? ` (saved ${new Date(w.savedAt).toLocaleString()})` : ''}` : '';
    ui.toast('success', `Opened ${opened.path}${weights}`);
    ui.log('info', `Opened ${opened.path}${weights}${w && !w.fits ? `; its weights file does not fit: ${w.reason}` : ''}`);
    void refreshRecent();
  } catch (e) {
    ui.toast('error', `Could not open ${path}: ${errorMessage(e)}`);
  }
}

export async function open(): Promise<void> {
  const api = requireApi();
  if (!api) return;
  const path = nativeDialogs()
    ? await api.pickFile({ title: 'Open project', filters: PROJECT_FILE_FILTERS }).catch(() => null)
    : await askPath({ title: 'Open project', action: 'Open', initial: editorStore.get().filePath ?? '', hint: 'Path of a .wiregrad.json file on the machine running Wiregrad' });
  if (path) await openPath(path);
}

/**
 * Open ONNX…: desktop picks the file with the native dialog; web mode uploads it from the
 * browser. The model opens as a new, unsaved project laid out like Auto-Layout and framed;
 * its weights stay with the backend under the import's id (exports and the first run use
 * them while the graph is unchanged).
 */
export async function openOnnx(): Promise<void> {
  const api = requireApi();
  if (!api) return;
  let req: ImportOnnxRequest | null;
  if (nativeDialogs()) {
    const path = await api.pickFile({ title: 'Open ONNX model', filters: ONNX_FILE_FILTERS }).catch(() => null);
    req = path ? { path } : null;
  } else req = await uploadOnnx();
  if (!req) return;
  const what = req.path ?? req.fileName ?? 'the model';
  ui.log('info', `Importing ${what}…`);
  try {
    const r = await api.importOnnx(req);
    // The backend laid it out already; the app's own layout (measured sizes) is better where ELK copes.
    const laid = elkCopes(r.doc) ? await withLayout(r.doc).catch(() => r.doc) : r.doc;
    openDocument(laid, null, { dirty: true });
    editor.rememberRun(r.runId, editor.generation);
    for (const w of r.warnings) ui.log('warn', `Import: ${w}`);
    const layers = r.doc.nodes.filter((n) => n.type !== 'Input').length;
    const opaque = r.opaque.length ? `; ${r.opaque.length} ONNX op(s) kept as they are (exportable, not trainable): ${r.opaque.join(', ')}` : '';
    ui.toast(r.opaque.length || r.warnings.length ? 'info' : 'success', `Imported ${what}: ${layers} nodes with their weights${opaque}`);
  } catch (e) {
    ui.toast('error', `Could not import ${what}: ${errorMessage(e)}`);
  }
}

/** Web mode: the browser's file chooser; the bytes travel base64 inside the API call. */
function uploadOnnx(): Promise<ImportOnnxRequest | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.onnx';
    input.dataset.testid = 'onnx-upload';
    input.style.display = 'none';
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      resolve({ base64: btoa(binary), fileName: file.name });
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.appendChild(input);
    input.click();
  });
}

async function saveTo(path: string): Promise<boolean> {
  const api = requireApi();
  if (!api) return false;
  const doc = editor.project;
  try {
    const saved = await api.saveProject(path, doc, saveOptions());
    afterSave(saved, doc);
    return true;
  } catch (e) {
    ui.toast('error', `Could not save: ${errorMessage(e)}`);
    return false;
  }
}

/** An imported project's weights are held by the backend until a save writes them beside the project. */
function saveOptions(): SaveOptions | undefined {
  const { lastRunId } = editorStore.get();
  return isImportId(lastRunId) ? { importId: lastRunId } : undefined;
}

function afterSave({ path, weights, weightsSkipped }: SavedProject, doc: ProjectDocument): void {
  // Only mark clean if nothing changed while the save was in flight; a save of another document (opened meanwhile) marks nothing.
  if (editor.project === doc) editor.markSaved(path);
  ui.toast('success', weights ? `Saved ${path} with its imported weights` : `Saved ${path}`);
  ui.log('info', weights ? `Saved ${path} and its weights ${weights}` : `Saved ${path}`);
  if (weightsSkipped) ui.log('warn', `The imported weights were not saved: ${weightsSkipped}`);
  void getApi()?.discardAutosave().catch(() => undefined);
  void refreshRecent();
}

export async function save(): Promise<boolean> {
  const { filePath } = editorStore.get();
  return filePath ? saveTo(filePath) : saveAs();
}

export async function saveAs(): Promise<boolean> {
  const api = requireApi();
  if (!api) return false;
  const { filePath } = editorStore.get();
  const doc = editor.project;
  if (nativeDialogs()) {
    try {
      const saved = await api.saveProjectAs(doc, doc.name, saveOptions());
      if (saved) afterSave(saved, doc);
      return !!saved;
    } catch (e) {
      ui.toast('error', `Could not save: ${errorMessage(e)}`);
      return false;
    }
  }
  const path = await askPath({ title: 'Save project as', action: 'Save', initial: filePath ?? `${fileStem(doc.name)}.wiregrad.json`, hint: 'Relative paths are resolved on the machine running Wiregrad' });
  return path ? saveTo(path) : false;
}

/**
 * Export: the ONNX model, the ONNX training step, a PyTorch script or a Jupyter notebook
 * (core/export/formatList). Desktop: a native save dialog, the format from the file's
 * ending. Web mode: the format and a path on the machine running Wiregrad, or a browser
 * download of every file; either way the toast says where the files went and which weights
 * they hold (the project's last finished run while its graph still fits, else the project's
 * weights file, else the initial weights).
 */
export async function exportOnnx(): Promise<void> {
  const api = requireApi();
  if (!api) return;
  const { filePath, lastRunId } = editorStore.get();
  const doc = editor.project;
  // Named after the project file once saved (mlp.wiregrad.json → mlp.onnx), as the title bar shows it.
  const stem = fileStem(projectTitle(doc.name, filePath));
  let format: ExportFormatName = 'onnx';
  try {
    let path: string | undefined;
    if (nativeDialogs()) {
      const picked = await api.pickSavePath({ title: 'Export', defaultPath: `${stem}.onnx`, filters: EXPORT_FORMATS.map((f) => ({ name: `${f.label} (${f.extension})`, extensions: [f.extension.split('.').pop()!] })) });
      if (!picked) return;
      const byName = formatForPath(picked);
      if (!byName) {
        ui.toast('error', `Export: name the file ${EXPORT_FORMATS.map((f) => f.extension).join(', ')} to choose the format`);
        return;
      }
      path = picked;
      format = byName;
    } else {
      const answer = await askChoosing({
        title: 'Export',
        action: 'Save to path',
        secondary: 'Download',
        initial: filePath ? filePath.replace(/\.wiregrad\.json$|\.json$/, '') + '.onnx' : `${stem}.onnx`,
        hint: 'Save to a path on the machine running Wiregrad (relative paths resolve where `wiregrad serve` started; a script or notebook gets its weights beside it), or download the files through the browser',
        choice: { label: 'Format', initial: 'onnx', options: EXPORT_FORMATS.map((f) => ({ value: f.name, label: `${f.label} (${f.extension}): ${f.summary}`, extension: f.extension })) },
      });
      if (!answer) return;
      format = (answer.choice as ExportFormatName | undefined) ?? 'onnx';
      path = answer.via === 'path' ? answer.path : undefined;
    }
    const info = EXPORT_FORMATS.find((f) => f.name === format)!;
    const result = await api.exportOnnx(doc, { ...(path ? { path } : {}), ...(lastRunId ? { runId: lastRunId } : {}), format, ...(filePath ? { projectPath: filePath } : {}) });
    const downloads = result.files ?? (result.bytes ? [{ name: `${stem}${info.extension}`, bytes: result.bytes, size: result.size }] : []);
    if (!path) for (const f of downloads) if (f.bytes) download(f.bytes, f.name);
    const others = (result.files?.length ?? 1) - 1;
    const where = `${result.path ?? `${downloads.at(-1)?.name ?? result.fileName} (browser download)`}${others > 0 ? ` and ${others} file${others > 1 ? 's' : ''} beside it` : ''}`;
    const weights = result.weightsFile
      ? `the project's weights (${result.weightsFile.split(/[\\/]/).pop()})`
      : result.trained
        ? 'trained weights'
        : `initial weights: ${result.untrainedReason ?? 'no trained weights'}; train to export trained ones`;
    ui.toast('success', `Exported ${where} with ${weights}`);
    ui.log('info', `Exported ${info.label} ${where} (${result.size} bytes, ${result.trained ? (result.weightsFile ?? `weights of ${result.runId}`) : weights})`);
  } catch (e) {
    ui.toast('error', `Export failed: ${errorMessage(e)}`);
    ui.log('error', `Export failed: ${errorMessage(e)}`);
  }
}

/** Writes the graph aside a moment after each change, so a crash or kill loses at most that moment. */
export function startAutosave(delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDoc = editorStore.get().doc;
  const unsubscribe = editorStore.subscribe(() => {
    const s = editorStore.get();
    if (s.doc === lastDoc) return;
    lastDoc = s.doc;
    if (!isDirty(s)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const cur = editorStore.get();
      void getApi()?.autosave(editor.project, cur.filePath ?? undefined).catch(() => undefined);
    }, delayMs);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
