/**
 * Web-mode request checks, as Jupyter does them:
 *  - a random token on every API and WebSocket request, because any local process or web
 *    page could otherwise drive the backend (which reads and writes files);
 *  - the Host header must name this server on loopback, which defeats DNS rebinding (an
 *    attacker's hostname resolving to 127.0.0.1 still sends its own name as Host);
 *  - an Origin header, when present, must be this server's own origin, so a foreign page
 *    cannot use the user's browser against us even if it learnt the token.
 * Static files need no token (they hold no secrets) but still get the Host check.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TOKEN_HEADER } from '../contract';

export interface SecurityConfig {
  token: string;
  port: number;
}

export interface Refusal {
  status: 403;
  code: 'FORBIDDEN';
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export function allowedHosts(port: number): string[] {
  return LOOPBACK_NAMES.map((h) => `${h}:${port}`);
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so both sides have equal length; timingSafeEqual then leaks nothing.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The token from `?token=`, the x-wiregrad-token header, or `Authorization: token <t>`. */
export function presentedToken(url: URL, headers: IncomingHttpHeaders): string | undefined {
  const q = url.searchParams.get('token');
  if (q) return q;
  const h = first(headers[TOKEN_HEADER]);
  if (h) return h;
  const auth = first(headers.authorization);
  const m = auth && /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
  return m ? m[1] : undefined;
}

const refuse = (message: string): Refusal => ({ status: 403, code: 'FORBIDDEN', message });

/** Host and Origin checks, for every request including static files. */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, cfg: SecurityConfig): Refusal | null {
  const host = first(headers.host)?.toLowerCase();
  if (!host || !allowedHosts(cfg.port).includes(host)) {
    return refuse(
      `Host "${host ?? ''}" is not allowed: Wiregrad only answers to ${allowedHosts(cfg.port).join(' or ')} ` +
        '(this protects against DNS rebinding). Open the URL that `wiregrad serve` printed; through an SSH tunnel, use the same port on both ends.',
    );
  }
  const origin = first(headers.origin);
  if (origin !== undefined && !allowedOrigins(cfg.port).includes(origin.toLowerCase())) {
    return refuse(`Requests from origin "${origin}" are not allowed: only pages served by this Wiregrad server may call its API.`);
  }
  return null;
}

/** Full check for API and WebSocket requests: Host, Origin and token. */
export function checkApiRequest(url: URL, headers: IncomingHttpHeaders, cfg: SecurityConfig): Refusal | null {
  const hostRefusal = checkHostAndOrigin(headers, cfg);
  if (hostRefusal) return hostRefusal;
  const token = presentedToken(url, headers);
  if (!token) return refuse('Missing token: open the full URL printed by `wiregrad serve` (it ends with ?token=...).');
  if (!sameSecret(token, cfg.token)) return refuse('Wrong token: open the URL printed by the running `wiregrad serve` (a restart makes a new token).');
  return null;
}
