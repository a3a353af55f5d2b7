#!/usr/bin/env node
// Measures a large ONNX export through web mode, as the issue-7 report quotes it: the real
// `wiregrad serve`, the browser's HTTP client code (Node's fetch + ws), a model of the MNIST
// MLP with fc1 widened to OUT features (130000 → a 441 MB model). Prints the time, the
// server's peak RSS (from /proc, sampled), and how long a concurrent getInfo waited.
//
//   npm run build && node scripts/measure-web-export.mjs [OUT=130000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = Number(process.argv[2] ?? 130000);
const home = mkdtempSync(join(tmpdir(), 'wiregrad-measure-'));
const proc = spawn(process.execPath, [join(root, 'bin/wiregrad.js'), 'serve', '--port', '0', '--no-browser'], { cwd: home, env: { ...process.env, WIREGRAD_HOME: home, DISPLAY: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((r) => {
  let buf = '';
  proc.stdout.on('data', (c) => {
    buf += c;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(buf);
    if (m) r(m[1]);
  });
});
const u = new URL(url);
const token = u.searchParams.get('token');
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) * 1024;
// The server's RSS plus its worker threads (same process): sampled every 50 ms.
let peak = rss();
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);

// The browser client itself, bundled on the fly (it is the code the web page runs).
const client = join(home, 'client.mjs');
await (await import('esbuild')).build({ entryPoints: [join(root, 'core/api/httpClient.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: client, logLevel: 'silent' });
const { createHttpClient } = await import(client);
const api = createHttpClient({ baseUrl: u.origin, token });
const doc = JSON.parse(readFileSync(join(root, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
doc.nodes.find((n) => n.id === 'fc1').params.out_features = out;
doc.nodes.find((n) => n.id === 'fc2').params.in_features = out;
const t0 = performance.now();
const exporting = api.exportOnnx(doc);
// A concurrent request, as another tab or the event stream would make.
await new Promise((r) => setTimeout(r, 200));
const g0 = performance.now();
await api.getInfo();
const getInfoMs = performance.now() - g0;
const r = await exporting;
const ms = performance.now() - t0;
clearInterval(sampler);
console.log(JSON.stringify({ out_features: out, model_mb: +(r.size / 2 ** 20).toFixed(1), received_mb: +(r.bytes.length / 2 ** 20).toFixed(1), export_s: +(ms / 1000).toFixed(2), server_peak_rss_mb: Math.round(peak / 2 ** 20), concurrent_getInfo_ms: Math.round(getInfoMs) }));
proc.kill('SIGINT');
await new Promise((r) => proc.once('exit', r));
rmSync(home, { recursive: true, force: true });
