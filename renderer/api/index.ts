/**
 * The only door to the backend. In Electron the preload exposes `window.wiregrad`
 * (contextBridge); in web mode (`wiregrad serve`) the page URL carries `?token=` and the
 * HTTP/WebSocket client speaks the same contract. With neither (a static preview), the
 * app still runs as an editor with no backend: callers get null and say so.
 */
import type { WiregradApi } from '../../core/api/contract';
import { createHttpClient } from '../../core/api/httpClient';

declare global {
  interface Window {
    wiregrad?: WiregradApi;
  }
}

let cached: WiregradApi | null | undefined;

export function getApi(): WiregradApi | null {
  if (cached !== undefined) return cached;
  if (window.wiregrad) return (cached = window.wiregrad);
  const token = new URLSearchParams(window.location.search).get('token');
  if (token && window.location.protocol.startsWith('http')) return (cached = createHttpClient({ token }));
  return (cached = null);
}

/** Plain message from anything a transport throws. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export type { WiregradApi };
