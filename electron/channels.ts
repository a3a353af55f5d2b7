/**
 * IPC channel names and the reply envelope, shared by main (ipc.ts) and the preload. Kept
 * apart from ipc.ts so the sandboxed preload bundle pulls in no validation code (zod).
 */
import { IPC_PREFIX, type ApiErrorData, type Channel } from '../core/api/contract';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export function channelName(channel: Channel): string {
  return `${IPC_PREFIX}${channel}`;
}
