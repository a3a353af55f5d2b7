/**
 * The Electron transport of the API contract, main-process side. Every channel is
 * registered through `handle`, which:
 *   1. refuses calls whose sender frame is not a top-level page of the app's own origin
 *      (a navigated-away frame, an iframe, or a devtools page get nothing);
 *   2. validates the arguments against the channel's schema (core/api/validate.ts),
 *      since a compromised renderer can send anything;
 *   3. returns an envelope { ok, value | error } rather than throwing, because Electron
 *      reduces thrown errors to a prefixed message and drops their `code`.
 * Nothing here imports electron at runtime: ipcMain is injected, so it is testable
 * without the Electron binary.
 */

import { CHANNELS, type ApiMethods, type Channel, type ChannelArgs, type ChannelResult } from '../core/api/contract';
import { ApiError, toErrorData } from '../core/api/errors';
import { validateArgs } from '../core/api/validate';
import { isAppUrl } from './appUrl';
import type { IpcMainInvokeEventLike, IpcMainLike } from './electronTypes';

import { channelName, type Envelope } from './channels';

export { channelName, type Envelope };

export interface IpcGuardOptions {
  /** Which page URLs may call; defaults to the app:// origin. */
  isTrustedUrl?: (url: string) => boolean;
  /** Called for refused calls (logged by main; collected by tests). */
  onRefused?: (channel: string, reason: string) => void;
}


/** Why the sender may not call, or null when it may. */
export function senderProblem(event: IpcMainInvokeEventLike, isTrusted: (url: string) => boolean): string | null {
  const frame = event?.senderFrame;
  if (!frame) return 'the calling frame is gone';
  if (frame.parent !== null) return 'calls from sub-frames are not allowed';
  if (!isTrusted(frame.url)) return `page ${JSON.stringify(frame.url)} is not the app`;
  return null;
}

export type Handle = <C extends Channel>(channel: C, fn: (...args: ChannelArgs<C>) => Promise<ChannelResult<C>>) => void;

export function createHandle(ipcMain: IpcMainLike, opts: IpcGuardOptions = {}): Handle {
  const trusted = opts.isTrustedUrl ?? isAppUrl;
  return (channel, fn) => {
    ipcMain.handle(channelName(channel), async (event: IpcMainInvokeEventLike, ...raw: unknown[]) => {
      const problem = senderProblem(event, trusted);
      if (problem) {
        opts.onRefused?.(channel, problem);
        return { ok: false, error: { code: 'FORBIDDEN', message: `IPC ${channel} refused: ${problem}` } } satisfies Envelope<never>;
      }
      try {
        const args = validateArgs(channel, raw) as Parameters<typeof fn>;
        const value = await fn(...args);
        return { ok: true, value: value === undefined ? null : value } as Envelope<unknown>;
      } catch (e) {
        return { ok: false, error: toErrorData(e) } satisfies Envelope<never>;
      }
    });
  };
}

/** Registers every channel of the contract against `api`; returns a function that unregisters them. */
export function registerApi(ipcMain: IpcMainLike, api: ApiMethods, opts: IpcGuardOptions = {}): () => void {
  const handle = createHandle(ipcMain, opts);
  for (const c of CHANNELS) {
    const fn = api[c] as (...a: unknown[]) => Promise<unknown>;
    if (typeof fn !== 'function') throw new ApiError('INTERNAL', `The backend does not implement ${c}`);
    handle(c, ((...a: unknown[]) => fn.apply(api, a)) as never);
  }
  return () => CHANNELS.forEach((c) => ipcMain.removeHandler(channelName(c)));
}
