/**
 * The browser side of the HTTP/WebSocket transport: a WiregradApi built from fetch and
 * WebSocket only, so the renderer can import it (renderer/api/index.ts picks it when the
 * Electron preload is absent). The token comes from the page URL (`?token=`), as printed
 * by `wiregrad serve`.
 *
 * It also watches the connection: the event socket closing or a request that cannot reach
 * the server means the backend is gone (killed, crashed, tunnel dropped), and the UI must
 * say so rather than show "connected" and a run that will never finish.
 */

import {
  CHANNELS,
  HTTP_API_PREFIX,
  HTTP_BLOB_PREFIX,
  TOKEN_HEADER,
  WS_EVENTS_PATH,
  type ApiErrorData,
  type ApiMethods,
  type Channel,
  type ChannelArgs,
  type ChannelResult,
  type ClientMessage,
  type ConnectionState,
  type MenuCommand,
  type RunEvent,
  type ServerMessage,
  type WiregradApi,
} from './contract';
import { batchIntake } from './batchIntake';
import { decodeJson, encodeJson, placeBytes, type BlobSlot } from './codec';
import { ApiError, fromErrorData } from './errors';

export interface HttpClientOptions {
  /** Server origin, e.g. http://127.0.0.1:8765. Defaults to the page's origin. */
  baseUrl?: string;
  /** Defaults to `?token=` of the page URL. */
  token?: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export interface HttpClient extends WiregradApi {
  /** Closes the event socket and stops reconnecting. */
  close(): void;
}

function pageLocation(): { origin: string; token: string } {
  const loc = (globalThis as { location?: Location }).location;
  if (!loc) return { origin: '', token: '' };
  return { origin: loc.origin, token: new URL(loc.href).searchParams.get('token') ?? '' };
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const page = pageLocation();
  const base = (opts.baseUrl ?? page.origin).replace(/\/$/, '');
  const token = opts.token ?? page.token;
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const WS = opts.WebSocket ?? globalThis.WebSocket;

  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState | null = null;
  function setState(s: ConnectionState): void {
    if (state === s) return;
    state = s;
    for (const cb of connectionListeners) cb(s);
  }

  const unreachable = (e: unknown) => {
    setState('disconnected');
    return new ApiError('DISCONNECTED', `Cannot reach the Wiregrad server (${(e as Error).message}); is \`wiregrad serve\` still running?`);
  };

  /** A result's bytes, fetched as binary from the download endpoint the envelope named. */
  async function fetchBlob(slot: BlobSlot): Promise<Uint8Array> {
    let res: Response;
    try {
      res = await doFetch(`${base}${HTTP_BLOB_PREFIX}${encodeURIComponent(slot.id)}`, { headers: { [TOKEN_HEADER]: token } });
    } catch (e) {
      throw unreachable(e);
    }
    if (!res.ok) throw new ApiError('BAD_RESPONSE', `The download of a result failed (HTTP ${res.status})`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length !== slot.size) throw new ApiError('BAD_RESPONSE', `The download was cut short (${bytes.length} of ${slot.size} bytes)`);
    return bytes;
  }

  async function call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>> {
    // Trailing undefined optionals are dropped so the argument count matches the schema.
    const list = [...args];
    while (list.length && list[list.length - 1] === undefined) list.pop();
    let res: Response;
    try {
      res = await doFetch(`${base}${HTTP_API_PREFIX}${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: encodeJson(list),
      });
    } catch (e) {
      throw unreachable(e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw unreachable(e);
    }
    // A wrong token means a server is there, but not ours any more (a restart makes a new one).
    setState(res.status === 403 ? 'disconnected' : 'connected');
    let body: { ok: boolean; value?: unknown; error?: ApiErrorData; blobs?: BlobSlot[] };
    try {
      body = decodeJson(text) as typeof body;
    } catch {
      throw new ApiError('BAD_RESPONSE', `The server answered ${res.status} with: ${text.slice(0, 200)}`);
    }
    if (!body.ok) throw fromErrorData(body.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}` });
    let value = body.value;
    for (const slot of body.blobs ?? []) value = placeBytes(value, slot.path, await fetchBlob(slot));
    return value as ChannelResult<C>;
  }

  const listeners = new Set<(e: RunEvent) => void>();
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Resolves when the server has said hello, i.e. after it subscribed this socket to events.
  let subscribed: Promise<void> = Promise.resolve();

  // The socket opens on the first subscription and reconnects with backoff, so a
  // server restart or a laptop sleep does not silently stop the curves.
  function connect(): void {
    if (closed || socket || !WS) return;
    clearTimeout(timer);
    const wsUrl = `${base.replace(/^http/, 'ws')}${WS_EVENTS_PATH}?token=${encodeURIComponent(token)}`;
    const ws = new WS(wsUrl);
    socket = ws;
    let hello: () => void = () => {};
    subscribed = new Promise<void>((r) => (hello = r));
    const ack: ClientMessage = { type: 'ack' };
    const intake = batchIntake(
      (e) => {
        for (const cb of listeners) cb(e);
      },
      (seq) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeJson({ type: 'ack', seq } satisfies ClientMessage));
      },
    );
    ws.onmessage = (m: MessageEvent) => {
      if (typeof m.data !== 'string') return;
      const msg = decodeJson(m.data) as ServerMessage;
      if (msg.type === 'hello') {
        retry = 0;
        setState('connected');
        // Says from the first batch on that this client acks (flow control, core/api/eventBatcher.ts).
        ws.send(encodeJson(ack));
        hello();
      } else if (msg.type === 'train') for (const cb of listeners) cb({ runId: msg.runId, event: msg.event });
      else if (msg.type === 'train-batch') intake(msg);
    };
    ws.onclose = () => {
      hello();
      if (socket === ws) socket = null;
      if (closed) return;
      // The server is gone (or refused us): whatever it was doing for us is lost with it.
      setState('disconnected');
      if (listeners.size === 0) return;
      timer = setTimeout(connect, Math.min(10_000, 250 * 2 ** retry++));
    };
  }

  /** A run's first events must not be lost while the socket is still opening. */
  async function eventsReady(): Promise<void> {
    if (listeners.size === 0) return;
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 3000))]);
  }

  const methods = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      async (...args: unknown[]) => {
        if (c === 'startTraining') await eventsReady();
        return call(c, args as never);
      },
    ]),
  ) as unknown as ApiMethods;

  return {
    ...methods,
    onTrainEvent(cb) {
      listeners.add(cb);
      connect();
      return () => {
        listeners.delete(cb);
      };
    },
    onMenuCommand(_cb: (c: MenuCommand) => void) {
      // No native menu in a browser; the renderer's own key bindings do the work.
      return () => {};
    },
    onOpenPath() {
      // Only the desktop app is opened by the OS.
      return () => {};
    },
    onConnection(cb) {
      connectionListeners.add(cb);
      return () => {
        connectionListeners.delete(cb);
      };
    },
    async reconnect() {
      retry = 0;
      if (listeners.size) connect();
      try {
        await call('getInfo', [] as never);
      } catch {
        return false;
      }
      if (listeners.size) await eventsReady();
      return state === 'connected';
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
      socket = null;
    },
  };
}
