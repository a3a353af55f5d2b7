/**
 * Boots the real Electron main process bundle against a fake `electron` module: proves
 * the security settings it applies (sandbox, isolation, no Node, app:// scheme, navigation
 * and window.open refused, permissions denied) and that the whole contract is reachable
 * over IPC from the app page only. The Electron binary is not needed.
 */

import Module, { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, IPC_OPEN_PATH, IPC_TRAIN_ACK } from '../../core/api/contract';
import { channelName } from '../../electron/ipc';
import { FakeIpcMain, appFrame, fakeUtilityFork } from './fakeElectron';

const REPO = join(__dirname, '..', '..');

type Listener = (...args: any[]) => any;

function fakeElectron() {
  const appHandlers: Record<string, Listener> = {};
  const windows: any[] = [];
  const rec = {
    privileged: [] as any[],
    sandboxEnabled: false,
    protocolHandlers: {} as Record<string, (r: Request) => Promise<Response>>,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    menu: null as any,
    opened: [] as string[],
    quit: 0,
  };
  const ipcMain = new FakeIpcMain();
  class BrowserWindow {
    webContents: any;
    url = '';
    constructor(readonly options: any) {
      const handlers: Record<string, Listener> = {};
      this.webContents = {
        id: windows.length + 1,
        sent: [] as unknown[],
        handlers,
        openHandler: null as Listener | null,
        send(channel: string, payload: unknown) {
          this.sent.push([channel, payload]);
        },
        isDestroyed: () => false,
        setWindowOpenHandler(h: Listener) {
          this.openHandler = h;
        },
        on(event: string, l: Listener) {
          handlers[event] = l;
          return this;
        },
      };
      windows.push(this);
      appHandlers['web-contents-created']?.({}, this.webContents);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    show() {}
    focus() {}
    isMinimized() {
      return false;
    }
    restore() {}
    once() {
      return this;
    }
    on() {
      return this;
    }
    static getAllWindows() {
      return windows;
    }
  }
  const electron = {
    app: {
      isPackaged: false,
      name: 'Wiregrad',
      whenReady: () => Promise.resolve(),
      quit: () => void rec.quit++,
      getVersion: () => '9.9.9',
      getAppPath: () => REPO,
      enableSandbox: () => void (rec.sandboxEnabled = true),
      requestSingleInstanceLock: () => true,
      on(event: string, l: Listener) {
        appHandlers[event] = l;
        return this;
      },
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: (m: unknown) => void (rec.menu = m) },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      showMessageBox: async () => ({}),
    },
    ipcMain,
    protocol: {
      registerSchemesAsPrivileged: (s: any[]) => rec.privileged.push(...s),
      handle: (scheme: string, h: any) => void (rec.protocolHandlers[scheme] = h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => void (rec.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => void (rec.permissionCheck = h),
      },
    },
    shell: { openExternal: async (u: string) => void rec.opened.push(u), openPath: async () => '' },
    utilityProcess: { fork: fakeUtilityFork },
  };
  return { electron, rec, windows, ipcMain, appHandlers };
}

describe('Electron main process (fake electron module)', () => {
  const fake = fakeElectron();
  const home = mkdtempSync(join(tmpdir(), 'wiregrad-main-'));
  const originalLoad = (Module as any)._load;
  const savedHome = process.env.WIREGRAD_HOME;
  const savedArgv = process.argv;
  // Projects for the file-association and allow-list checks.
  const project = (name: string) => {
    const p = join(home, name);
    writeFileSync(p, readFileSync(join(REPO, 'assets/templates/mnist-mlp.wiregrad.json')));
    return p;
  };
  const launched = project('launched.wiregrad.json');

  beforeAll(async () => {
    const outfile = join(REPO, 'dist', 'test-electron', 'main.cjs');
    await build({
      entryPoints: [join(REPO, 'electron/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      outfile,
      logLevel: 'silent',
    });
    process.env.WIREGRAD_HOME = home;
    // As Windows/Linux start the app for a double-clicked project.
    process.argv = ['/opt/Wiregrad/wiregrad', '--no-sandbox-is-not-a-project', launched];
    (Module as any)._load = function (request: string, ...rest: unknown[]) {
      if (request === 'electron') return fake.electron;
      return originalLoad.call(this, request, ...rest);
    };
    createRequire(__filename)(outfile);
    process.argv = savedArgv;
    // main() awaits whenReady(); let it run to the end.
    for (let i = 0; i < 20 && fake.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  });

  afterAll(() => {
    (Module as any)._load = originalLoad;
    if (savedHome === undefined) delete process.env.WIREGRAD_HOME;
    else process.env.WIREGRAD_HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
  });

  it('opens one sandboxed, isolated window without Node on the app:// page', () => {
    expect(fake.rec.sandboxEnabled).toBe(true);
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(win.url).toBe('app://wiregrad/index.html');
    expect(fake.rec.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.rec.protocolHandlers.app).toBeTypeOf('function');
    expect(fake.rec.menu?.template.map((m: { label?: string }) => m.label?.replace('&', '')).filter((l: string) => l !== 'Wiregrad')).toEqual(['File', 'Edit', 'View', 'Train', 'Help']);
  });

  it('refuses navigation away from the app and new windows', () => {
    const wc = fake.windows[0].webContents;
    const nav = (url: string) => {
      let prevented = false;
      wc.handlers['will-navigate']({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://wiregrad/index.html')).toBe(false);
    expect(wc.openHandler({ url: 'https://onnx.ai/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.rec.opened).toEqual(['https://onnx.ai/']);
    let attached = false;
    wc.handlers['will-attach-webview']({ preventDefault: () => (attached = true) });
    expect(attached).toBe(true);
  });

  it('denies every permission request', () => {
    let granted: boolean | undefined;
    fake.rec.permissionRequest!(null, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(fake.rec.permissionCheck!(null, 'notifications')).toBe(false);
  });

  it('serves the whole contract over IPC to the app page only', async () => {
    // The contract's channels, and the page's ack of each batch of training events (electron/trainEvents.ts).
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS.map(channelName), IPC_TRAIN_ACK].sort());
    const info = (await fake.ipcMain.invoke(appFrame, channelName('getInfo'))) as { ok: boolean; value: any };
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', version: '9.9.9', nativeDialogs: true, home } });
    // The first ask at start-up also gets the project the app was launched with (argv).
    expect(info.value.openPaths).toEqual([launched]);
    const foreign = (await fake.ipcMain.invoke({ url: 'https://evil.example/', parent: null }, channelName('getInfo'))) as { ok: boolean; error: any };
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Dialog cancelled → null, not an error.
    expect(await fake.ipcMain.invoke(appFrame, channelName('pickFile'))).toEqual({ ok: true, value: null });
  });

  const call = (c: string, ...args: unknown[]) => fake.ipcMain.invoke(appFrame, channelName(c as never), ...args) as Promise<{ ok: boolean; value?: any; error?: any }>;

  it('opens the project it was launched with (fileAssociations: argv), and only allowed paths', async () => {
    // Delivered once; later ones are pushed to the window.
    expect((await call('getInfo')).value.openPaths).toEqual([]);
    expect(await call('openProject', launched)).toMatchObject({ ok: true, value: { path: launched } });
    // A path the user never chose: refused, even though the file exists.
    const other = project('never-chosen.wiregrad.json');
    expect(await call('openProject', other)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining(other) } });
    const target = join(home, 'written-by-the-page.wiregrad.json');
    const doc = (await call('openProject', launched)).value.doc;
    expect(await call('saveProject', target, doc)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(existsSync(target)).toBe(false);
    expect(await call('exportOnnx', doc, { path: join(home, 'x.onnx') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('autosave', doc, target)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('macOS open-file and a second launch open the project in the window and allow its path', async () => {
    const wc = fake.windows[0].webContents;
    const viaOpenFile = project('open-file.wiregrad.json');
    let prevented = false;
    fake.appHandlers['open-file']({ preventDefault: () => (prevented = true) }, viaOpenFile);
    expect(prevented).toBe(true);
    expect(wc.sent).toContainEqual([IPC_OPEN_PATH, viaOpenFile]);
    expect((await call('openProject', viaOpenFile)).ok).toBe(true);
    const viaSecond = project('second.wiregrad.json');
    fake.appHandlers['second-instance']({ preventDefault() {} }, ['/opt/Wiregrad/wiregrad', 'second.wiregrad.json'], home);
    expect(wc.sent).toContainEqual([IPC_OPEN_PATH, viaSecond]);
    expect((await call('openProject', viaSecond)).ok).toBe(true);
  });

  it('allows what the user picked in a native dialog, and the recent files', async () => {
    const picked = project('picked.wiregrad.json');
    const dialog = fake.electron.dialog as any;
    const original = dialog.showOpenDialog;
    dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [picked] });
    try {
      expect(await call('pickFile')).toEqual({ ok: true, value: picked });
    } finally {
      dialog.showOpenDialog = original;
    }
    expect((await call('openProject', picked)).ok).toBe(true);
    const recent = project('recent.wiregrad.json');
    writeFileSync(join(home, 'recent.json'), JSON.stringify([{ path: recent, name: 'recent', at: new Date().toISOString() }]));
    expect((await call('openProject', recent)).ok).toBe(true);
  });
});
