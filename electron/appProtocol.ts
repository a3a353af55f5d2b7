/**
 * Serves dist/renderer under app://wiregrad/ with a strict CSP header. The header is
 * stricter than the page's meta tag (no ws:, no http:): in Electron every API call goes
 * through IPC, so the page needs no network at all.
 */

import { promises as fs } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST } from './appUrl';

export const ELECTRON_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = normalize(rendererDir);
  return async (request) => {
    let url: URL;
    let decoded: string;
    try {
      url = new URL(request.url);
      // A malformed %-escape (app://wiregrad/%E0%A4%A) makes decodeURIComponent throw a URIError.
      decoded = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (decoded.includes('\0')) return new Response('Bad request', { status: 400 });
    const rel = normalize(decoded).replace(/^([/\\])+/, '');
    const file = join(root, rel);
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return new Response('Forbidden', { status: 403 });
    try {
      const data = await fs.readFile(file);
      return new Response(data, {
        headers: {
          'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': ELECTRON_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
