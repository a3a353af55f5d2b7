/**
 * The IPC wrapper without Electron: only top-level frames of app://wiregrad may call, and
 * arguments are checked before the backend sees them.
 */

import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_MENU_COMMAND, IPC_TRAIN_EVENT } from '../../core/api/contract';
import { isAppUrl } from '../../electron/appUrl';
import { channelName, createHandle, registerApi, senderProblem } from '../../electron/ipc';
import { createPreloadApi } from '../../electron/preloadApi';
import { FakeIpcMain, FakeIpcRenderer, appFrame } from './fakeElectron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeBackend } from '../core/api/fakes';

const doc = { version: 1, name: 'd', nodes: [], edges: [], training: {} };

function setup() {
  const ipcMain = new FakeIpcMain();
  const refused: string[] = [];
  const backend = { openProject: vi.fn(async (path: string) => ({ path, doc })) };
  const handle = createHandle(ipcMain, { onRefused: (c, r) => refused.push(`${c}: ${r}`) });
  handle('openProject', backend.openProject as never);
  const call = (frame: Parameters<FakeIpcMain['invoke']>[0], ...args: unknown[]) => ipcMain.invoke(frame, channelName('openProject'), ...args);
  return { ipcMain, backend, refused, call };
}

describe('isAppUrl', () => {
  it('accepts only the app:// origin', () => {
    expect(isAppUrl('app://wiregrad/index.html')).toBe(true);
    expect(isAppUrl('app://wiregrad/')).toBe(true);
    for (const u of ['file:///index.html', 'app://evil/index.html', 'https://wiregrad/', 'about:blank', 'devtools://devtools/x', 'app://user@wiregrad/', '', 'not a url']) {
      expect(isAppUrl(u), u).toBe(false);
    }
  });
});

describe('typed IPC handle(): sender validation', () => {
  it('lets the app page through', async () => {
    const s = setup();
    expect(await s.call(appFrame, '/tmp/a.wiregrad.json')).toEqual({ ok: true, value: { path: '/tmp/a.wiregrad.json', doc } });
    expect(s.backend.openProject).toHaveBeenCalledOnce();
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/x.html', parent: null }],
    ['an app iframe', { url: 'app://wiregrad/index.html', parent: { url: 'app://wiregrad/index.html', parent: null } }],
    ['a destroyed frame', null],
  ])('refuses %s without calling the backend', async (_name, frame) => {
    const s = setup();
    const r = (await s.call(frame as never, '/tmp/a.wiregrad.json')) as { ok: boolean; error: { code: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('FORBIDDEN');
    expect(s.backend.openProject).not.toHaveBeenCalled();
    expect(s.refused).toHaveLength(1);
  });

  it('reports sender problems in words', () => {
    const trusted = isAppUrl;
    expect(senderProblem({ senderFrame: null, sender: { id: 1 } }, trusted)).toMatch(/gone/);
    expect(senderProblem({ senderFrame: { url: 'https://x/', parent: null }, sender: { id: 1 } }, trusted)).toMatch(/not the app/);
  });
});

describe('typed IPC handle(): argument validation', () => {
  it.each([
    ['a number for a path', [42]],
    ['no argument', []],
    ['an empty path', ['']],
    ['too many arguments', ['/tmp/a', 'extra']],
    ['a NUL byte in the path', ['/tmp/a\0b']],
  ])('refuses %s', async (_name, args) => {
    const s = setup();
    const r = (await s.call(appFrame, ...args)) as { ok: boolean; error: { code: string; message: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(r.error.message).toContain('openProject');
    expect(s.backend.openProject).not.toHaveBeenCalled();
  });

  it('refuses what is not a document before the backend sees it', async () => {
    const ipcMain = new FakeIpcMain();
    const save = vi.fn(async () => ({ path: '/x', size: 1 }));
    createHandle(ipcMain)('saveProject', save as never);
    for (const d of [null, [doc], 'doc', 5]) {
      const r = (await ipcMain.invoke(appFrame, channelName('saveProject'), '/tmp/x.json', d)) as { ok: boolean; error: { code: string } };
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    }
    expect(save).not.toHaveBeenCalled();
  });

  it('documents are validated whole by the backend, with the file parser\'s codes, and nothing is written', async () => {
    const t = makeBackend();
    try {
      const ipcMain = new FakeIpcMain();
      registerApi(ipcMain, t.backend);
      const target = join(t.dir, 'x.wiregrad.json');
      for (const [d, code] of [
        [{ ...doc, nodes: [{ id: 3 }] }, 'DOC_NODE_ID'],
        [{ ...doc, edges: 'x' }, 'DOC_NO_EDGES'],
        [{ ...doc, edges: [{ id: 'e', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } }] }, 'DOC_DANGLING_EDGE'],
      ] as const) {
        const r = (await ipcMain.invoke(appFrame, channelName('saveProject'), target, d)) as { ok: boolean; error: { code: string } };
        expect(r).toMatchObject({ ok: false, error: { code } });
      }
      expect(existsSync(target)).toBe(false);
    } finally {
      await t.cleanup();
    }
  });

  it('turns backend errors into envelopes that keep the code', async () => {
    const ipcMain = new FakeIpcMain();
    const err = Object.assign(new Error('x.json:3: not valid JSON'), { code: 'DOC_BAD_JSON', line: 3 });
    createHandle(ipcMain)('openProject', (async () => {
      throw err;
    }) as never);
    const r = await ipcMain.invoke(appFrame, channelName('openProject'), '/tmp/x.json');
    expect(r).toEqual({ ok: false, error: { code: 'DOC_BAD_JSON', message: 'x.json:3: not valid JSON', line: 3 } });
  });
});

describe('registerApi + preload', () => {
  it('registers every channel of the contract and unregisters them', () => {
    const ipcMain = new FakeIpcMain();
    const api = Object.fromEntries(CHANNELS.map((c) => [c, async () => null]));
    const unregister = registerApi(ipcMain, api as never);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CHANNELS.map(channelName).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses a backend missing a method', () => {
    expect(() => registerApi(new FakeIpcMain(), {} as never)).toThrow(/does not implement/);
  });

  it('exposes task functions only, and rejects with a plain error object that keeps the code', async () => {
    const ipcMain = new FakeIpcMain();
    registerApi(ipcMain, Object.fromEntries(CHANNELS.map((c) => [c, async () => null])) as never);
    const api = createPreloadApi(new FakeIpcRenderer(ipcMain, { url: 'https://evil.example/', parent: null }));
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'onMenuCommand', 'onTrainEvent', 'onConnection', 'reconnect', 'onOpenPath'].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    await expect(api.getInfo()).rejects.toMatchObject({ name: 'ApiError', code: 'FORBIDDEN' });
  });

  it('passes event payloads without the IPC event object, and unsubscribes', () => {
    const ipcRenderer = new FakeIpcRenderer(new FakeIpcMain());
    const api = createPreloadApi(ipcRenderer);
    const got: unknown[] = [];
    const off = api.onTrainEvent((e) => got.push(e));
    const offMenu = api.onMenuCommand((c) => got.push(c));
    ipcRenderer.deliver(IPC_TRAIN_EVENT, { runId: 'r', events: [{ kind: 'error', code: 'X', message: 'm' }] });
    ipcRenderer.deliver(IPC_MENU_COMMAND, 'undo');
    expect(got).toEqual([{ runId: 'r', event: { kind: 'error', code: 'X', message: 'm' } }, 'undo']);
    off();
    offMenu();
    expect(ipcRenderer.listenerCount(IPC_TRAIN_EVENT)).toBe(0);
    expect(ipcRenderer.listenerCount(IPC_MENU_COMMAND)).toBe(0);
  });
});
