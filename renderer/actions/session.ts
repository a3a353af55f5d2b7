/**
 * What the backend tells us once per session (shell, templates, recent files, devices,
 * a recoverable autosave), loaded at start-up. Templates fall back to the copies bundled
 * into the renderer so the start screen works even without a backend.
 */
import type { DeviceInfo, RecentFile, ShellInfo, TemplateInfo, AutosaveRecord } from '../../core/api/contract';
import type { ProjectDocument } from '../../core/graph/document';
import { createStore } from '../store/createStore';
import { uiStore, ui } from '../store/uiStore';
import { getApi, errorMessage } from '../api';
import { refreshLibrary } from '../blocks/library';
import { backendLost, connectTrainingEvents } from '../training/runStore';
import { openPath } from './files';

export interface SessionState {
  info: ShellInfo | null;
  templates: TemplateInfo[];
  recent: RecentFile[];
  devices: DeviceInfo[];
  recovered: AutosaveRecord | null;
  loaded: boolean;
}

const TEMPLATE_ORDER = ['mnist-mlp', 'mnist-lenet', 'cifar-convnet', 'cifar-convnet-blocks', 'cifar-resnet8'];

export const sessionStore = createStore<SessionState>({ info: null, templates: bundledTemplates(), recent: [], devices: [], recovered: null, loaded: false });

function bundledTemplates(): TemplateInfo[] {
  const files = import.meta.glob<ProjectDocument>('../../assets/templates/*.wiregrad.json', { eager: true, import: 'default' });
  return Object.entries(files)
    .map(([path, doc]) => {
      const id = path.split('/').pop()!.replace('.wiregrad.json', '');
      return { id, name: doc.name, description: typeof doc.description === 'string' ? doc.description : undefined, doc };
    })
    .sort((a, b) => TEMPLATE_ORDER.indexOf(a.id) - TEMPLATE_ORDER.indexOf(b.id));
}

export async function loadSession(): Promise<void> {
  const api = getApi();
  if (!api) {
    sessionStore.set((s) => ({ ...s, loaded: true }));
    ui.log('warn', 'No backend: editing works, training, saving and export need the desktop app or `wiregrad serve`.');
    return;
  }
  try {
    const info = await api.getInfo();
    uiStore.set((s) => ({ ...s, backend: 'connected' }));
    api.onConnection(onConnection);
    // Projects the OS opens with the app (double-click, command line): the last one asked for wins.
    api.onOpenPath((path) => void openPath(path));
    const launched = info.openPaths?.at(-1);
    connectTrainingEvents();
    const [templates, recent, devices, recovered] = await Promise.all([
      api.listTemplates().catch(() => null),
      api.recentFiles().catch(() => []),
      api.listDevices().catch(() => [{ id: 'cpu', name: 'CPU', kind: 'cpu' as const }]),
      api.recoverAutosave().catch(() => null),
    ]);
    sessionStore.set((s) => ({
      info,
      templates: templates?.length ? [...templates].sort((a, b) => TEMPLATE_ORDER.indexOf(a.id) - TEMPLATE_ORDER.indexOf(b.id)) : s.templates,
      recent,
      devices,
      recovered,
      loaded: true,
    }));
    void refreshLibrary();
    ui.log('info', `Connected to the ${info.shell} backend ${info.version} on ${info.platform}`);
    if (launched) await openPath(launched);
  } catch (e) {
    sessionStore.set((s) => ({ ...s, loaded: true }));
    ui.log('error', `Backend not reachable: ${errorMessage(e)}`);
  }
}

/** The transport noticed the backend leave or come back. */
function onConnection(state: 'connected' | 'disconnected'): void {
  const was = uiStore.get().backend;
  if (state === was) return;
  uiStore.set((s) => ({ ...s, backend: state }));
  if (state === 'disconnected') {
    ui.log('error', 'Lost the connection to the backend');
    backendLost();
  } else if (was === 'disconnected') {
    ui.log('info', 'Reconnected to the backend');
    ui.toast('success', 'Reconnected to the backend');
    void refreshRecent();
  }
}

/** The status bar's Reconnect: try now instead of at the next automatic retry. */
export async function reconnect(): Promise<void> {
  const api = getApi();
  if (!api) return;
  if (!(await api.reconnect())) ui.toast('error', 'Still cannot reach the backend: is `wiregrad serve` running? (Restarted servers print a new URL.)');
}

export async function refreshRecent(): Promise<void> {
  const api = getApi();
  if (!api) return;
  const recent = await api.recentFiles().catch(() => sessionStore.get().recent);
  sessionStore.set((s) => ({ ...s, recent }));
}
