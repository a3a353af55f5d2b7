/** The contract suite over Electron IPC: backend → registerApi → fake ipc → preload API. */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { registerApi } from '../../electron/ipc';
import { createPreloadApi } from '../../electron/preloadApi';
import { forwardTrainEvents } from '../../electron/trainEvents';
import { contractSuite } from '../core/api/contractSuite';
import { makeBackend } from '../core/api/fakes';
import { FakeIpcMain, FakeIpcRenderer } from './fakeElectron';

contractSuite('Electron IPC (preload + typed handlers)', async () => {
  let dir = '';
  const t = makeBackend({
    shell: 'electron',
    dialogs: {
      pickFile: async () => join(dir, 'picked.wiregrad.json'),
      pickSavePath: async () => join(dir, 'saved-as.wiregrad.json'),
    },
  });
  dir = join(t.dir, 'projects');
  mkdirSync(dir);
  const ipcMain = new FakeIpcMain();
  const unregister = registerApi(ipcMain, t.backend);
  const ipcRenderer = new FakeIpcRenderer(ipcMain);
  const unsubscribe = forwardTrainEvents(t.backend, ipcMain, (ch, payload) => ipcRenderer.deliver(ch, payload));
  return {
    api: createPreloadApi(ipcRenderer),
    dir,
    home: t.home,
    nativeDialogs: true,
    async teardown() {
      unsubscribe();
      unregister();
      await t.cleanup();
    },
  };
});
