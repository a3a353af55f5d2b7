/**
 * Web-mode security: every way of reaching the API without the token, under a foreign
 * Host (DNS rebinding) or from a foreign Origin is refused with 403 and a clear message.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../../../core/api/server/server';
import { makeBackend, type TestBackend } from './fakes';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

let t: TestBackend;
let server: RunningServer;

function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, headers: Record<string, string> = {}, query = '') =>
  send(`/api/${method}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '[]' });

function wsOpen(path: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number; first?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on('message', (m) => {
      resolve({ opened: true, first: m.toString() });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
    });
    ws.on('error', () => resolve({ opened: false }));
  });
}

beforeAll(async () => {
  t = makeBackend();
  const staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Wiregrad</title>');
  server = await startServer({ backend: t.backend, staticDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await t.cleanup();
});

describe('web mode security', () => {
  it('prints a URL on loopback with a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('accepts the token in the query, a header, or Authorization', async () => {
    expect((await api('getInfo', {}, `?token=${server.token}`)).status).toBe(200);
    expect((await api('getInfo', { 'x-wiregrad-token': server.token })).status).toBe(200);
    expect((await api('getInfo', { authorization: `token ${server.token}` })).status).toBe(200);
  });

  it('refuses a missing token', async () => {
    const r = await api('getInfo');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Missing token') });
  });

  it('refuses a wrong token', async () => {
    const r = await api('getInfo', { 'x-wiregrad-token': 'a'.repeat(48) });
    expect(r.status).toBe(403);
    expect(r.body).toContain('Wrong token');
    expect((await api('getInfo', {}, '?token=')).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example:' + server.port, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `localhost.evil.example:${server.port}`]) {
      const r = await api('getInfo', { host, 'x-wiregrad-token': server.token });
      expect(r.status, host).toBe(403);
      expect(r.body).toContain('DNS rebinding');
    }
    // Static files too: a rebinding page must not even load the app.
    const s = await send('/', { headers: { host: 'evil.example' } });
    expect(s.status).toBe(403);
    expect(s.body).toContain('not allowed');
  });

  it('accepts localhost as Host', async () => {
    expect((await api('getInfo', { host: `localhost:${server.port}`, 'x-wiregrad-token': server.token })).status).toBe(200);
  });

  it('refuses a foreign Origin, even with the token', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`]) {
      const r = await api('getInfo', { origin, 'x-wiregrad-token': server.token });
      expect(r.status, origin).toBe(403);
      expect(r.body).toContain('not allowed');
    }
    expect((await api('getInfo', { origin: `http://127.0.0.1:${server.port}`, 'x-wiregrad-token': server.token })).status).toBe(200);
  });

  it('guards the event WebSocket the same way', async () => {
    const good = `/api/events?token=${server.token}`;
    expect(await wsOpen('/api/events')).toMatchObject({ opened: false, status: 403 });
    expect(await wsOpen('/api/events?token=wrong')).toMatchObject({ opened: false, status: 403 });
    expect(await wsOpen(good, { host: 'evil.example' })).toMatchObject({ opened: false, status: 403 });
    expect(await wsOpen(good, { origin: 'http://evil.example' })).toMatchObject({ opened: false, status: 403 });
    const ok = await wsOpen(good, { origin: `http://127.0.0.1:${server.port}` });
    expect(ok.opened).toBe(true);
    expect(JSON.parse(ok.first!)).toMatchObject({ type: 'hello' });
  });

  it('serves the renderer without a token but with protective headers', async () => {
    const r = await send('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('Wiregrad');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../home/recent.json', '/%2e%2e/home/recent.json', '/..%2fhome%2frecent.json']) {
      const r = await send(p);
      expect(r.status, p).not.toBe(200);
    }
  });

  it('answers only JSON POSTs to known methods', async () => {
    const h = { 'x-wiregrad-token': server.token };
    expect((await send('/api/getInfo', { headers: h })).status).toBe(405);
    expect((await send('/api/getInfo', { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: '[]' })).status).toBe(415);
    expect((await api('constructor', h)).status).toBe(404);
    expect((await api('__proto__', h)).status).toBe(404);
    const bad = await send('/api/openProject', { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
  });
});
