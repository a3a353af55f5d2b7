#!/usr/bin/env node
// `npm start`: build when dist/ is missing or older than the sources, then open the
// Electron app if its binary is installed; otherwise (machines that cannot download
// Electron, or Linux without a display) run web mode, which prints the URL and opens a
// browser when there is a display.
//
//   npm start                  Electron if possible, else web mode
//   npm start -- --web         always web mode
//   npm run serve -- --port N  web mode on port N (extra args go to `wiregrad serve`)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = ['dist/cli.cjs', 'dist/train-worker.cjs', 'dist/export-worker.cjs', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
const SOURCES = ['core', 'electron', 'renderer', 'assets', 'vite.config.mts', 'package.json', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

export function isStale() {
  const outs = OUTPUTS.map((o) => join(root, o));
  if (outs.some((o) => !existsSync(o))) return true;
  const oldestOut = Math.min(...outs.map((o) => statSync(o).mtimeMs));
  return SOURCES.some((s) => newestMtime(join(root, s)) > oldestOut);
}

/** Path of the Electron binary, or null: `require('electron')` throws when the binary was never downloaded. */
export function electronBinary() {
  try {
    const bin = createRequire(join(root, 'package.json'))('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function run(cmd, args, opts = {}) {
  // cwd stays the user's: relative paths typed in web mode resolve where they started it.
  const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
  // Signals are forwarded; a Ctrl+C that the terminal already delivered to the child too
  // is harmless (the server ignores repeats while it shuts down).
  const forward = (sig) => child.exitCode === null && child.kill(sig);
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const argv = process.argv.slice(2);
const forceWeb = argv.includes('--web');
const serveArgs = argv.filter((a) => a !== '--web');

if (isStale()) {
  console.log('wiregrad: building (dist/ is missing or older than the sources)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error('wiregrad: the build failed; fix the errors above and run `npm start` again.');
    process.exit(r.status ?? 1);
  }
}

const electron = forceWeb ? null : electronBinary();
if (electron && hasDisplay()) {
  run(electron, [root]);
} else {
  if (!forceWeb) {
    console.log(
      electron
        ? 'wiregrad: no display found; starting web mode instead of the desktop app.'
        : 'wiregrad: the Electron binary is not installed here (it is downloaded by `npm install` where the network allows); starting web mode.',
    );
  }
  run(process.execPath, [join(root, 'bin', 'wiregrad.js'), 'serve', ...serveArgs]);
}
