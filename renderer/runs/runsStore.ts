/**
 * The runs panel's state: the saved project's recorded runs (runs/ beside it), which are
 * selected for the overlay, their curves (loaded on selection), and the chart options.
 */
import type { RunDetails, RunListItem } from '../../core/api/contract';
import { createStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { ui } from '../store/uiStore';
import { errorMessage, getApi } from '../api';
import { download } from '../util/download';

export const RUN_METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_accuracy', 'lr'] as const;
export type RunMetric = (typeof RUN_METRICS)[number];

export interface RunsState {
  project: string | null;
  items: RunListItem[];
  loading: boolean;
  error?: string;
  /** Selected run ids, in the order they were picked (the diff compares the first two). */
  selected: string[];
  details: Record<string, RunDetails>;
  metric: RunMetric;
  logY: boolean;
}

export const runsStore = createStore<RunsState>({ project: null, items: [], loading: false, selected: [], details: {}, metric: 'loss', logY: false });

export async function refreshRuns(): Promise<void> {
  const api = getApi();
  const project = editorStore.get().filePath;
  if (!api || !project) {
    runsStore.set((s) => ({ ...s, project: null, items: [], selected: [], details: {} }));
    return;
  }
  runsStore.set((s) => ({ ...s, loading: true, error: undefined, ...(s.project !== project ? { project, selected: [], details: {} } : {}) }));
  try {
    const items = await api.listRuns(project);
    const ids = new Set(items.map((r) => r.id));
    runsStore.set((s) => ({ ...s, items, loading: false, selected: s.selected.filter((id) => ids.has(id)) }));
  } catch (e) {
    runsStore.set((s) => ({ ...s, loading: false, error: errorMessage(e) }));
  }
}

export async function toggleRun(id: string): Promise<void> {
  const s = runsStore.get();
  if (s.selected.includes(id)) {
    runsStore.set((x) => ({ ...x, selected: x.selected.filter((r) => r !== id) }));
    return;
  }
  runsStore.set((x) => ({ ...x, selected: [...x.selected, id] }));
  if (s.details[id] || !s.project) return;
  try {
    const d = await getApi()!.readRun(s.project, id);
    runsStore.set((x) => ({ ...x, details: { ...x.details, [id]: d } }));
  } catch (e) {
    ui.toast('error', `Could not read run ${id}: ${errorMessage(e)}`);
  }
}

export async function renameRun(id: string, name: string): Promise<void> {
  const { project } = runsStore.get();
  if (!project) return;
  try {
    const item = await getApi()!.renameRun(project, id, name);
    runsStore.set((s) => ({ ...s, items: s.items.map((r) => (r.id === id ? item : r)) }));
  } catch (e) {
    ui.toast('error', `Could not rename: ${errorMessage(e)}`);
  }
}

export async function deleteRun(id: string): Promise<void> {
  const { project } = runsStore.get();
  if (!project) return;
  try {
    await getApi()!.deleteRun(project, id);
    runsStore.set((s) => {
      const { [id]: _gone, ...details } = s.details;
      return { ...s, items: s.items.filter((r) => r.id !== id), selected: s.selected.filter((r) => r !== id), details };
    });
    ui.log('info', `Deleted run ${id}`);
  } catch (e) {
    ui.toast('error', `Could not delete: ${errorMessage(e)}`);
  }
}

/** Downloads the run's metrics as CSV (both shells: the text comes back over the API). */
export async function downloadCsv(id: string): Promise<void> {
  const { project } = runsStore.get();
  if (!project) return;
  try {
    const { fileName, text } = await getApi()!.exportRunCsv(project, id);
    download(text, fileName, 'text/csv');
  } catch (e) {
    ui.toast('error', `Could not export CSV: ${errorMessage(e)}`);
  }
}
