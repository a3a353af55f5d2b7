/**
 * The renderer's WiregradApi built on ipcRenderer, exposed by preload.ts through
 * contextBridge. Only these task functions cross into the page, never ipcRenderer itself,
 * so a compromised page can call exactly the contract's channels and nothing else.
 *
 * Failures reject with a plain { name, code, message } object: contextBridge copies
 * Error instances but drops custom properties such as `code`, while plain objects are
 * copied whole.
 */

import { CHANNELS, IPC_MENU_COMMAND, IPC_OPEN_PATH, IPC_TRAIN_ACK, IPC_TRAIN_EVENT, type ApiMethods, type MenuCommand, type RunEvent, type RunEventBatch, type WiregradApi } from '../core/api/contract';
import { batchIntake } from '../core/api/batchIntake';
import { channelName, type Envelope } from './channels';
import { MAX_WIRE_NESTING, nestingMessage, valueTooDeep } from '../core/graph/nesting';
import type { IpcRendererLike } from './electronTypes';

export interface BridgeError {
  name: 'ApiError';
  code: string;
  message: string;
  nodeId?: string;
  line?: number;
}

function subscribe<T>(ipc: IpcRendererLike, channel: string, cb: (v: T) => void): () => void {
  // The IpcRendererEvent (with its sender) stays in the preload; the page gets the payload only.
  const listener = (_event: unknown, payload: T) => cb(payload);
  ipc.on(channel, listener);
  return () => {
    ipc.removeListener(channel, listener);
  };
}

export function createPreloadApi(ipc: IpcRendererLike): WiregradApi {
  const methods = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      async (...args: unknown[]) => {
        // Trailing undefined optionals are dropped so the argument count matches the schema.
        while (args.length && args[args.length - 1] === undefined) args.pop();
        // Structured clone recurses: a too-deep argument would overflow the stack here, not reach main.
        const deep = valueTooDeep(args, MAX_WIRE_NESTING);
        if (deep) {
          const err: BridgeError = { name: 'ApiError', code: 'BAD_ARGUMENT', message: `${c}: ${deep.shared ? 'an argument refers back to itself' : `an argument is ${nestingMessage()}`}` };
          throw err;
        }
        const env = (await ipc.invoke(channelName(c), ...args)) as Envelope<unknown>;
        if (env && env.ok) return env.value;
        const err: BridgeError = { ...(env?.error ?? { code: 'INTERNAL', message: 'IPC failed' }), name: 'ApiError' };
        throw err;
      },
    ]),
  ) as unknown as ApiMethods;
  // One IPC subscription for all train listeners, so each batch is acked once (core/api/eventBatcher.ts).
  const trainListeners = new Set<(e: RunEvent) => void>();
  let offTrain: (() => void) | null = null;
  const ack = (seq?: number) => void ipc.invoke(IPC_TRAIN_ACK, seq).catch(() => {});
  const intake = batchIntake((e) => {
    for (const cb of trainListeners) cb(e);
  }, ack);
  return {
    ...methods,
    onTrainEvent(cb: (e: RunEvent) => void) {
      trainListeners.add(cb);
      if (!offTrain) {
        offTrain = subscribe<RunEventBatch>(ipc, IPC_TRAIN_EVENT, intake);
        // Says from the first batch on that this page acks (flow control, core/api/eventBatcher.ts).
        ack();
      }
      return () => {
        trainListeners.delete(cb);
        if (trainListeners.size === 0) {
          offTrain?.();
          offTrain = null;
        }
      };
    },
    onMenuCommand: (cb: (c: MenuCommand) => void) => subscribe(ipc, IPC_MENU_COMMAND, cb),
    // The backend is this app's own main process: it is there as long as the window is.
    onConnection: () => () => {},
    onOpenPath: (cb: (path: string) => void) => subscribe(ipc, IPC_OPEN_PATH, cb),
    reconnect: async () => true,
  };
}
