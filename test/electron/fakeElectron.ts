/**
 * Stand-ins for ipcMain / ipcRenderer / the invoke event, so the IPC transport runs in
 * plain Node. Payloads go through structuredClone, as Electron's IPC does, so anything
 * that would not survive the real transport fails here too.
 */

import { fork } from 'node:child_process';
import type { IpcMainInvokeEventLike, IpcMainLike, IpcRendererLike, UtilityProcessLike } from '../../electron/electronTypes';

type Handler = (event: IpcMainInvokeEventLike, ...args: any[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What a renderer's invoke does: the frame it comes from is part of the event. */
  async invoke(frame: IpcMainInvokeEventLike['senderFrame'], channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await h({ senderFrame: frame, sender: { id: 1 } }, ...structuredClone(args)));
  }
}

export const appFrame = { url: 'app://wiregrad/index.html', parent: null };

export class FakeIpcRenderer implements IpcRendererLike {
  private listeners = new Map<string, Set<(...a: any[]) => void>>();
  constructor(
    private main: FakeIpcMain,
    private frame: IpcMainInvokeEventLike['senderFrame'] = appFrame,
  ) {}
  invoke(channel: string, ...args: any[]): Promise<any> {
    return this.main.invoke(this.frame, channel, ...args);
  }
  on(channel: string, listener: (...a: any[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }
  removeListener(channel: string, listener: (...a: any[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
  /** What webContents.send does on the main side. */
  deliver(channel: string, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'ipcRenderer-internals' }, structuredClone(payload));
  }
}

/**
 * utilityProcess.fork with Electron's UtilityProcess surface (postMessage, on('message'),
 * on('exit'), kill), backed by a real Node child process so a training run really happens.
 */
export function fakeUtilityFork(modulePath: string, args: string[] = []): UtilityProcessLike {
  const child = fork(modulePath, args, { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const u: UtilityProcessLike = {
    postMessage: (m) => {
      if (child.connected) child.send(m);
    },
    kill: () => child.kill('SIGKILL'),
    on(event: 'message' | 'exit', listener: (x: any) => void) {
      if (event === 'message') child.on('message', listener);
      else child.once('exit', (code) => listener(code ?? -1));
      return u;
    },
  };
  return u;
}
