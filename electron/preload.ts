/**
 * Preload (sandboxed): exposes the typed API as window.wiregrad. Bundled to
 * dist/electron/preload.cjs; in a sandboxed preload only `electron` (and a few core
 * modules) can be required, so everything else is bundled in.
 */

import type { ContextBridgeLike, IpcRendererLike } from './electronTypes';
import { createPreloadApi } from './preloadApi';

// require, not import: see electronTypes.ts for why the electron types are structural.
const { contextBridge, ipcRenderer } = require('electron') as { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike };

contextBridge.exposeInMainWorld('wiregrad', createPreloadApi(ipcRenderer));
