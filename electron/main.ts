/**
 * Electron main process. Bundled to dist/electron/main.cjs (scripts/build-electron.mjs).
 *
 * Security posture (Electron's checklist): sandboxed renderers with context isolation and
 * no Node; the page is served from app://wiregrad with a strict CSP; IPC only through
 * ipc.ts (sender-frame and argument checks); navigation, new windows, webviews and
 * permission requests are all refused; external http(s) links open in the user's browser.
 * Training runs in a utility process (./trainLauncher.ts), so this process never blocks on it
 * and Stop can end a run at any moment.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_MENU_COMMAND, IPC_OPEN_PATH, type MenuCommand } from '../core/api/contract';
import { createBackend, type Backend, type NativeDialogs } from '../core/api/backend';
import { coreDepsWith } from '../core/api/coreDeps';
import { defaultHome } from '../core/api/store';
import { createAppProtocolHandler } from './appProtocol';
import { APP_INDEX_URL, APP_SCHEME, isAppUrl } from './appUrl';
import type { BrowserWindowLike, ElectronMain, WebContentsLike } from './electronTypes';
import { registerApi } from './ipc';
import { buildMenuTemplate } from './menu';
import { OpenPathQueue, projectPathsFromArgv } from './openPaths';
import { allowPicked, guardPaths, PathAllowList } from './pathGuard';
import { utilityLauncher } from './trainLauncher';
import { forwardTrainEvents } from './trainEvents';

// require, not import: see electronTypes.ts for why the electron types are structural.
const { app, BrowserWindow, Menu, dialog, ipcMain, protocol, session, shell, utilityProcess } = require('electron') as ElectronMain;

// Must happen before 'ready': a standard, secure scheme gets a real origin, fetch and storage.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
// Sandbox every renderer, including any the app did not create itself.
app.enableSandbox();

// Packaged builds: the training worker and its dependencies are unpacked from app.asar
// (package.json build.asarUnpack) because a worker thread's loader cannot be relied on to
// read inside the archive; point the core's workerScript() at the unpacked copy.
const distDir = join(__dirname, '..');
const unpackedDist = distDir.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
if (unpackedDist !== distDir && existsSync(join(unpackedDist, 'train-worker.cjs'))) process.env.WIREGRAD_DIST ??= unpackedDist;

let mainWindow: BrowserWindowLike | null = null;
let backend: Backend | null = null;

function send(channel: string, payload: unknown): void {
  const wc = mainWindow?.webContents;
  if (wc && !wc.isDestroyed()) wc.send(channel, payload);
}

/** Paths the renderer may name: picked in a dialog, recent, or opened by the OS (pathGuard.ts). */
const allowed = new PathAllowList();
const toOpen = new OpenPathQueue((path) => send(IPC_OPEN_PATH, path));

/** The OS asks to open a project: it becomes allowed, and the page opens it (now or once it asks). */
function openFromOs(path: string): void {
  allowed.allow(path);
  toOpen.open(path);
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
}

const nativeDialogs: NativeDialogs = {
  async pickFile(opts = {}) {
    const r = await dialog.showOpenDialog(mainWindow, { title: opts.title, filters: opts.filters, properties: [opts.directory ? 'openDirectory' : 'openFile'] });
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  },
  async pickSavePath(opts = {}) {
    const r = await dialog.showSaveDialog(mainWindow, { title: opts.title, defaultPath: opts.defaultPath, filters: opts.filters });
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};
const dialogs = allowPicked(nativeDialogs, allowed);

/** Applied to every WebContents, so a window created by anything else is locked down too. */
function lockDown(contents: WebContentsLike): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Wiregrad',
    backgroundColor: '#1e1f24',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow = win;
  toOpen.reset();
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  void win.loadURL(APP_INDEX_URL);
}

function buildMenu(): void {
  const template = buildMenuTemplate({
    isMac: process.platform === 'darwin',
    appName: 'Wiregrad',
    devTools: !app.isPackaged,
    send: (command: MenuCommand) => {
      if (command === 'about') {
        void dialog.showMessageBox(mainWindow, {
          type: 'info',
          title: 'About Wiregrad',
          message: `Wiregrad ${app.getVersion()}`,
          detail: 'Design, train and export neural networks visually.',
        });
        return;
      }
      send(IPC_MENU_COMMAND, command);
    },
    openConfigFolder: () => void shell.openPath(defaultHome()),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Windows and Linux pass double-clicked projects on the command line, also to a second launch.
  for (const p of projectPathsFromArgv(process.argv)) openFromOs(p);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    for (const p of projectPathsFromArgv(argv ?? [], workingDirectory)) openFromOs(p);
  });
  // macOS: double-click, Dock drop, `open x.wiregrad.json`; may come before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOs(path);
  });
  app.on('web-contents-created', (_e, contents) => lockDown(contents));

  await app.whenReady();
  // The app needs no camera, notifications, geolocation, ...: refuse them all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const root = app.getAppPath();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(root, 'dist', 'renderer')));

  backend = createBackend({
    home: defaultHome(),
    templatesDir: join(root, 'assets', 'templates'),
    deps: coreDepsWith(utilityLauncher(utilityProcess)),
    shell: 'electron',
    version: app.getVersion(),
    dialogs,
  });
  const core = backend;
  const guarded = guardPaths(core, allowed);
  registerApi(ipcMain, {
    ...guarded,
    // The page asks once at start-up: it also gets the projects the OS opened meanwhile.
    async getInfo() {
      return { ...(await core.getInfo()), openPaths: toOpen.drain() };
    },
  }, {
    onRefused: (channel, reason) => console.warn(`[ipc] refused ${channel}: ${reason}`),
  });
  forwardTrainEvents(backend, ipcMain, send);

  buildMenu();
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    // Stop training before quitting so no worker outlives the app.
    void (backend?.dispose() ?? Promise.resolve()).finally(() => {
      if (process.platform !== 'darwin') app.quit();
    });
  });
}

main().catch((e) => {
  console.error(e);
  app.quit();
});
