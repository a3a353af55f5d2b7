/**
 * The slice of Electron's API that Wiregrad uses, written as structural types.
 *
 * Why not `import type ... from 'electron'`: the electron npm package (which carries
 * electron.d.ts) is an optionalDependency whose install script downloads the binary; on
 * machines that cannot download it npm drops the whole package, types included, and the
 * typecheck must still pass there. These declarations copy Electron 41's signatures for
 * the members used; scripts/check-electron-types.mjs proves them compatible with the real
 * electron.d.ts whenever it is installed, so they cannot drift silently.
 */

export interface WebFrameMainLike {
  url: string;
  parent: WebFrameMainLike | null;
}

export interface IpcMainInvokeEventLike {
  /** null when the frame navigated away or was destroyed before the handler ran. */
  senderFrame: WebFrameMainLike | null;
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: any[]) => Promise<any> | any): void;
  removeHandler(channel: string): void;
}

export interface IpcRendererEventLike {
  senderId?: number;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: any[]): Promise<any>;
  on(channel: string, listener: (event: any, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: any): void;
}

// ---- Main process (electron/main.ts) ----

export interface PreventableEvent {
  preventDefault(): void;
}

/** The roles the menu uses (a subset of Electron's role union). */
export type MenuRole = 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'cut' | 'copy' | 'paste' | 'togglefullscreen' | 'reload' | 'toggleDevTools' | 'help';

export interface MenuItemOptions {
  label?: string;
  role?: MenuRole;
  accelerator?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | 'header' | 'palette';
  enabled?: boolean;
  visible?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface FileFilterLike {
  name: string;
  extensions: string[];
}

export interface WebContentsLike {
  id: number;
  send(channel: string, ...args: any[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  webPreferences?: {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
  };
}

/** Electron's UtilityProcess: a Node child process Electron starts (fuses allow it, RunAsNode is not needed). */
export interface UtilityProcessLike {
  postMessage(message: any): void;
  kill(): boolean;
  on(event: 'message', listener: (message: any) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
}

export interface ElectronMain {
  app: {
    isPackaged: boolean;
    name: string;
    whenReady(): Promise<void>;
    quit(): void;
    getVersion(): string;
    getAppPath(): string;
    enableSandbox(): void;
    requestSingleInstanceLock(): boolean;
    on(event: 'window-all-closed', listener: () => void): unknown;
    on(event: 'activate', listener: () => void): unknown;
    on(event: 'second-instance', listener: (event: PreventableEvent, argv: string[], workingDirectory: string) => void): unknown;
    on(event: 'open-file', listener: (event: PreventableEvent, path: string) => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  };
  BrowserWindow: {
    new (options: BrowserWindowOptions): BrowserWindowLike;
    getAllWindows(): BrowserWindowLike[];
  };
  Menu: {
    buildFromTemplate(template: MenuItemOptions[]): unknown;
    setApplicationMenu(menu: any): void;
  };
  dialog: {
    showOpenDialog(
      window: any,
      options: { title?: string; filters?: FileFilterLike[]; properties?: Array<'openFile' | 'openDirectory'> },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(
      window: any,
      options: { title?: string; defaultPath?: string; filters?: FileFilterLike[] },
    ): Promise<{ canceled: boolean; filePath: string }>;
    showMessageBox(window: any, options: { type?: 'none' | 'info' | 'error' | 'question' | 'warning'; title?: string; message: string; detail?: string }): Promise<unknown>;
  };
  ipcMain: IpcMainLike;
  protocol: {
    registerSchemesAsPrivileged(
      schemes: Array<{ scheme: string; privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; codeCache?: boolean } }>,
    ): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  session: {
    defaultSession: {
      setPermissionRequestHandler(handler: ((webContents: any, permission: any, callback: (granted: boolean) => void) => void) | null): void;
      setPermissionCheckHandler(handler: ((webContents: any, permission: any) => boolean) | null): void;
    };
  };
  utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'ignore' | 'pipe' }): UtilityProcessLike;
  };
  shell: {
    openExternal(url: string): Promise<void>;
    openPath(path: string): Promise<string>;
  };
}
