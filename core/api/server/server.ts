/**
 * The HTTP/WebSocket transport of the API contract:
 *   POST /api/<method>   body: JSON array of arguments → { ok: true, value, blobs? } | { ok: false, error }
 *   GET  /api/blob/<id>  the bytes of a result (an exported model), streamed as binary, once
 *   GET  /api/events     WebSocket; server pushes ServerMessage (training events)
 *   GET  /*              the built renderer
 * Bound to 127.0.0.1 only; see security.ts for the token, Host and Origin checks.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend';
import { HTTP_API_PREFIX, HTTP_BLOB_PREFIX, isChannel, parseAck, WS_EVENTS_PATH, type ServerMessage } from '../contract';
import { eventBatcher } from '../eventBatcher';
import { decodeJson, encodeJson, extractBytes, type BlobSlot } from '../codec';
import { jsonTextTooDeep, MAX_WIRE_NESTING, nestingMessage } from '../../graph/nesting';
import { ApiError, toErrorData } from '../errors';
import { validateArgs } from '../validate';
import { checkApiRequest, checkHostAndOrigin, type Refusal, type SecurityConfig } from './security';
import { serveStatic } from './static';

export interface ServerOptions {
  backend: Backend;
  /** Folder with the built renderer (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  version?: string;
}

export interface RunningServer {
  port: number;
  token: string;
  /** http://127.0.0.1:<port>/?token=<token> */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024 * 1024;
/** An unfetched download is dropped after this long (the client fetches it right away). */
const BLOB_TTL_MS = 10 * 60_000;

const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  // The token is in the page URL: never leak it through Referer.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function csp(port: number): string {
  const ws = `ws://127.0.0.1:${port} ws://localhost:${port}`;
  return (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    `font-src 'self' data:; connect-src 'self' ${ws}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  );
}

function statusFor(code: string): number {
  if (code === 'BAD_ARGUMENT' || code === 'BAD_REQUEST') return 400;
  if (code === 'FORBIDDEN') return 403;
  if (code === 'NOT_FOUND' || code === 'UNKNOWN_METHOD') return 404;
  if (code === 'INTERNAL') return 500;
  // Domain errors (corrupt document, shape errors, no dialog): the request was understood but cannot be done.
  return 422;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...BASE_HEADERS });
  res.end(encodeJson(body));
}

function sendRefusal(res: ServerResponse, r: Refusal, asJson: boolean): void {
  if (asJson) return sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } });
  res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', ...BASE_HEADERS }).end(`403 Forbidden: ${r.message}\n`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError('BAD_REQUEST', `Request body over ${MAX_BODY} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const token = o.token ?? randomBytes(24).toString('hex');
  const cfg: SecurityConfig = { token, port: o.port };
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const blobs = new Map<string, { bytes: Uint8Array; timer: ReturnType<typeof setTimeout> }>();

  function keepBlob(bytes: Uint8Array): string {
    const id = randomBytes(16).toString('hex');
    const timer = setTimeout(() => blobs.delete(id), BLOB_TTL_MS);
    timer.unref();
    blobs.set(id, { bytes, timer });
    return id;
  }

  /** The bytes of a result, once: a plain binary response, written straight from memory. */
  function sendBlob(req: IncomingMessage, res: ServerResponse, id: string): void {
    const blob = req.method === 'GET' ? blobs.get(id) : undefined;
    if (!blob) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such download (each is served once, within 10 minutes)' } });
    blobs.delete(id);
    clearTimeout(blob.timer);
    const b = blob.bytes;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(b.byteLength), 'cache-control': 'no-store', ...BASE_HEADERS });
    res.end(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'API calls are POST requests' } });
    }
    // Requiring JSON keeps HTML forms (which cannot send it without CORS preflight) out.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { ok: false, error: { code: 'BAD_REQUEST', message: 'Content-Type must be application/json' } });
    }
    if (!isChannel(method)) {
      return sendJson(res, 404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No API method "${method}"` } });
    }
    try {
      const body = await readBody(req);
      // Checked before parsing: deep JSON parses, but later recursion (stringify, workers) would overflow.
      if (jsonTextTooDeep(body, MAX_WIRE_NESTING)) throw new ApiError('BAD_REQUEST', `The request is ${nestingMessage(MAX_WIRE_NESTING)}`);
      let args: unknown;
      try {
        args = body.trim() === '' ? [] : decodeJson(body);
      } catch {
        throw new ApiError('BAD_REQUEST', 'Request body is not valid JSON');
      }
      const valid = validateArgs(method, args);
      const fn = o.backend[method] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn(...valid);
      // Bytes (exported models) leave the JSON: the client downloads each as binary.
      const { value, bytes } = extractBytes(result === undefined ? null : result);
      const slots: BlobSlot[] = bytes.map((b) => ({ path: b.path, id: keepBlob(b.bytes), size: b.bytes.byteLength }));
      sendJson(res, 200, { ok: true, value, ...(slots.length ? { blobs: slots } : {}) });
    } catch (e) {
      const err = toErrorData(e);
      sendJson(res, statusFor(err.code), { ok: false, error: err });
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith(HTTP_API_PREFIX);
    const refusal = isApi ? checkApiRequest(url, req.headers, cfg) : checkHostAndOrigin(req.headers, cfg);
    if (refusal) return sendRefusal(res, refusal, isApi);
    if (url.pathname.startsWith(HTTP_BLOB_PREFIX)) return sendBlob(req, res, url.pathname.slice(HTTP_BLOB_PREFIX.length));
    if (isApi) return handleApi(req, res, url.pathname.slice(HTTP_API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...BASE_HEADERS }).end();
      return;
    }
    await serveStatic(o.staticDir, url.pathname, res, { ...BASE_HEADERS, 'content-security-policy': csp(cfg.port) });
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal = url.pathname === WS_EVENTS_PATH ? checkApiRequest(url, req.headers, cfg) : null;
    if (url.pathname !== WS_EVENTS_PATH || refusal) {
      const status = refusal ? '403 Forbidden' : '404 Not Found';
      const msg = refusal ? refusal.message : 'No WebSocket here';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${msg}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const send = (m: ServerMessage) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeJson(m));
      };
      const batcher = eventBatcher((b) => send({ type: 'train-batch', ...b }));
      const unsubscribe = o.backend.onTrainEvent((e) => batcher.push(e.runId, e.event));
      // The only thing a client says: it took the last batch in (flow control, core/api/eventBatcher.ts).
      ws.on('message', (data, isBinary) => {
        const ack = isBinary ? null : parseAck(data.toString());
        if (ack) batcher.ack(ack.seq);
      });
      ws.on('close', () => {
        unsubscribe();
        batcher.close();
        sockets.delete(ws);
      });
      ws.on('error', () => ws.terminate());
      // Anything else a client sends is ignored.
      send({ type: 'hello', version: o.version ?? '0' });
    });
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(e) });
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: web mode is for this machine (or an SSH tunnel into it), never the LAN.
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  cfg.port = typeof addr === 'object' && addr ? addr.port : o.port;

  return {
    port: cfg.port,
    token,
    url: `http://127.0.0.1:${cfg.port}/?token=${token}`,
    async close() {
      for (const b of blobs.values()) clearTimeout(b.timer);
      blobs.clear();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive connections would hold close() open until they time out.
      server.closeAllConnections();
      await closed;
    },
  };
}
