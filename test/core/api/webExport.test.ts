/**
 * Issue 7 (1, 6): exports in web mode. The model leaves the server as a binary download,
 * never inside JSON (a 441 MB model used to crash the server through Buffer.toJSON), and
 * the encoding runs on a worker thread, so other requests are answered meanwhile. Real
 * core (export worker from `npm run build`), real server, the browser's HTTP client code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBackend } from '../../../core/api/backend';
import { coreDeps } from '../../../core/api/coreDeps';
import { createHttpClient, type HttpClient } from '../../../core/api/httpClient';
import { startServer, type RunningServer } from '../../../core/api/server/server';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { readMetadata } from '../../../core/onnx/metadata';
import { REPO } from './fakes';

const built = existsSync(join(REPO, 'dist', 'export-worker.cjs'));
if (!built && process.env.CI) throw new Error('dist/export-worker.cjs is missing: run `npm run build`');

function wideMlp(outFeatures: number): ProjectDocument {
  const doc = parseDocument(readFileSync(join(REPO, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === 'fc1' ? { ...n, params: { ...n.params, out_features: outFeatures } } : n.id === 'fc2' ? { ...n, params: { ...n.params, in_features: outFeatures } } : n)) };
}

describe.skipIf(!built)('exports in web mode', () => {
  let dir: string;
  let server: RunningServer;
  let api: HttpClient;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wiregrad-webexport-'));
    const backend = createBackend({ home: join(dir, 'home'), templatesDir: join(REPO, 'assets', 'templates'), deps: coreDeps, shell: 'web', version: 'test', workDir: dir });
    server = await startServer({ backend, staticDir: join(dir, 'none'), port: 0 });
    const recordingFetch: typeof fetch = async (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    api = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, fetch: recordingFetch });
  });

  afterAll(async () => {
    api?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 38 MB model arrives as binary, whole, while other requests are answered', async () => {
    const doc = wideMlp(12_000);
    const order: string[] = [];
    const exporting = api.exportOnnx(doc).then((r) => (order.push('export'), r));
    await new Promise((r) => setTimeout(r, 100));
    await api.getInfo().then(() => order.push('getInfo'));
    const r = await exporting;
    // Encoding took about half a second on the worker; the event loop answered getInfo meanwhile.
    expect(order).toEqual(['getInfo', 'export']);
    expect(r.bytes).toBeInstanceOf(Uint8Array);
    expect(r.bytes!.length).toBe(r.size);
    expect(r.size).toBeGreaterThan(37e6);
    // The API call answered with a small envelope, the bytes came from the download endpoint.
    expect(requests.filter((q) => q.startsWith('GET /api/blob/'))).toHaveLength(1);
    const model = onnx.ModelProto.decode(r.bytes!);
    expect(model.graph!.initializer!.find((t) => t.name === 'fc1.weight')!.dims!.map(Number)).toEqual([12_000, 784]);
    expect(readMetadata(model)['wiregrad.input.layout']).toBe('NCHW');
  }, 60_000);

  it('a download is served once and only with the token', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/blob/0123`, { headers: { 'x-wiregrad-token': server.token } });
    expect(res.status).toBe(404);
    const noToken = await fetch(`http://127.0.0.1:${server.port}/api/blob/0123`);
    expect(noToken.status).toBe(403);
  });

  it('a document with 40k parallel edges does not hold up other requests for seconds', async () => {
    const doc = wideMlp(128);
    const edges = [...doc.edges];
    for (let i = 0; i < 40_000; i++) edges.push({ id: `p${i}`, from: { node: 'input', port: 'x' }, to: { node: 'flatten', port: 'in' } });
    const big = { ...doc, edges };
    const exporting = api.exportOnnx(big, { path: join(dir, 'big.onnx') }).catch((e: { code?: string; message?: string }) => e);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    await api.getInfo();
    const waited = performance.now() - t0;
    // The checker names the problem; nothing is written.
    expect(await exporting).toMatchObject({ message: expect.stringMatching(/40001 incoming connections/) });
    expect(existsSync(join(dir, 'big.onnx'))).toBe(false);
    // Validating 40k edges takes ~0.1 s on the event loop; the old O(k²) check took 12 s.
    console.log(`40k-edge export: a concurrent getInfo waited ${Math.round(waited)} ms`);
    expect(waited).toBeLessThan(5000);
  }, 60_000);
});
