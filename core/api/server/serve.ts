/**
 * `wiregrad serve [--port N] [--no-browser] [--static DIR]`: web mode. Starts the
 * backend and the HTTP/WebSocket server on 127.0.0.1, prints the URL (with its token)
 * and opens a browser when a display exists. Resolves with the exit code once stopped
 * by SIGINT/SIGTERM.
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createBackend } from '../backend';
import { coreDeps } from '../coreDeps';
import { defaultHome } from '../store';
import { startServer } from './server';

export const DEFAULT_PORT = 8765;

export interface ServeArgs {
  port: number;
  portExplicit: boolean;
  browser: boolean;
  staticDir?: string;
  help: boolean;
}

export const SERVE_USAGE = `Usage: wiregrad serve [--port N] [--no-browser] [--static DIR]

Serves the Wiregrad app on http://127.0.0.1:N (default ${DEFAULT_PORT}; 0 = any free port).
Only this machine can connect; the printed URL carries a secret token.
On a remote machine, tunnel the same port: ssh -L N:127.0.0.1:N host, then open the URL.
Config (recent files, autosave) lives in $WIREGRAD_HOME or ~/.config/wiregrad.
$WIREGRAD_TOKEN (32+ hex digits) keeps the same token, and so the same URL, across restarts.`;

export function parseServeArgs(argv: string[]): ServeArgs {
  const out: ServeArgs = { port: DEFAULT_PORT, portExplicit: false, browser: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port' || flag === '-p') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer in 0..65535`);
      out.port = n;
      out.portExplicit = true;
    } else if (flag === '--no-browser') out.browser = false;
    else if (flag === '--static') out.staticDir = resolve(value());
    else if (flag === '--help' || flag === '-h') out.help = true;
    else throw new Error(`Unknown option ${a}\n\n${SERVE_USAGE}`);
  }
  return out;
}

/** The folder holding package.json of wiregrad: from a bundle in dist/ or from sources. */
export function packageRoot(start = typeof __dirname !== 'undefined' ? __dirname : process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'wiregrad') return dir;
      } catch {
        // unreadable package.json: keep looking upward
      }
    }
    if (dirname(dir) === dir) return process.cwd();
  }
}

function packageVersion(root: string): string {
  try {
    return String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  } catch {
    return '0.0.0';
  }
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return !!(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Best effort: a missing xdg-open must not take the server down. */
export function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener available: the printed URL is enough
  }
}

/**
 * WIREGRAD_TOKEN keeps the token across restarts (scripts, tests of reconnecting); it must be
 * as strong as a generated one (at least 32 hex digits), else a fresh token is made.
 */
function fixedToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = env.WIREGRAD_TOKEN;
  if (!t) return undefined;
  if (/^[0-9a-f]{32,}$/i.test(t)) return t.toLowerCase();
  console.warn('warning: WIREGRAD_TOKEN must be at least 32 hex digits; using a fresh random token');
  return undefined;
}

export async function runServe(argv: string[]): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (args.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const root = packageRoot();
  const version = packageVersion(root);
  const staticDir = args.staticDir ?? join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) console.warn(`warning: ${staticDir} has no index.html; run \`npm run build\` first`);

  const backend = createBackend({
    home: defaultHome(),
    templatesDir: join(root, 'assets', 'templates'),
    deps: coreDeps,
    shell: 'web',
    version,
    workDir: process.cwd(),
  });

  // The default port may be taken (a second instance); an explicit one must be honoured or fail.
  let server;
  for (let attempt = 0; ; attempt++) {
    const port = args.port === 0 ? 0 : args.port + attempt;
    try {
      server = await startServer({ backend, staticDir, port, version, token: fixedToken() });
      break;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE' && !args.portExplicit && attempt < 20) continue;
      console.error(code === 'EADDRINUSE' ? `Port ${port} is in use; choose another with --port N` : `Cannot start the server: ${(e as Error).message}`);
      await backend.dispose();
      return 1;
    }
  }

  console.log(`Wiregrad ${version} web mode`);
  console.log(`Open: ${server.url}`);
  console.log('Press Ctrl+C to stop.');
  if (args.browser && hasDisplay()) openBrowser(server.url);

  const running = server;
  return new Promise<number>((resolveExit) => {
    // A launcher (npm start) may forward the terminal's Ctrl+C that already reached us:
    // repeated signals while stopping are ignored rather than killing the process mid-cleanup.
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await backend.dispose().catch(() => {});
      await running.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveExit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
