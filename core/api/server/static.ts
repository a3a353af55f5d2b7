/** Serves the built renderer (dist/renderer) read-only, never outside its root. */

import { promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside root; null for traversal attempts. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const full = join(root, rel);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return full;
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse, extraHeaders: Record<string, string>): Promise<void> {
  let file = resolveStatic(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', ...extraHeaders }).end('Bad path');
    return;
  }
  let data: Buffer;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) file = join(file, 'index.html');
    data = await fs.readFile(file);
  } catch {
    const missingUi = urlPath === '/' || urlPath === '/index.html';
    res
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...extraHeaders })
      .end(missingUi ? `The renderer is not built: ${root} has no index.html. Run \`npm run build\`.` : 'Not found');
    return;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets can be cached; index.html must not be, so a rebuild shows up on reload.
  const cache = file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600';
  res.writeHead(200, { 'content-type': type, 'cache-control': cache, ...extraHeaders }).end(data);
}
