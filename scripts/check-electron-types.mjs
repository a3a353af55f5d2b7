#!/usr/bin/env node
// Proves electron/electronTypes.ts (the structural slice of Electron's API that the code is
// typed against) is compatible with the real electron.d.ts. The electron package is an
// optional dependency that machines without the binary download lack entirely, so this
// check skips (exit 0) when the types are absent; set ELECTRON_TYPES=/path/electron.d.ts
// to point it at a copy.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dts = process.env.ELECTRON_TYPES || join(root, 'node_modules', 'electron', 'electron.d.ts');
if (!existsSync(dts)) {
  console.log(`check-electron-types: skipped (no ${dts})`);
  process.exit(0);
}
const dir = join(root, 'dist', 'electron-types-check');
mkdirSync(dir, { recursive: true });
const rel = (p) => JSON.stringify(p.replace(/\\/g, '/'));
writeFileSync(
  join(dir, 'compat.ts'),
  `/// <reference path=${rel(dts)} />
import type { ElectronMain, IpcRendererLike, ContextBridgeLike, IpcMainInvokeEventLike } from ${rel(join(root, 'electron', 'electronTypes'))};
declare const real: typeof import('electron');
export const main: ElectronMain = real;
export const ipcRenderer: IpcRendererLike = real.ipcRenderer;
export const contextBridge: ContextBridgeLike = real.contextBridge;
declare const invokeEvent: Electron.IpcMainInvokeEvent;
export const ev: IpcMainInvokeEventLike = invokeEvent;
`,
);
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'],
      strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: ['compat.ts'],
  }),
);
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  console.log(`check-electron-types: electron/electronTypes.ts matches ${dts}`);
} catch {
  console.error('check-electron-types: electron/electronTypes.ts no longer matches the installed electron.d.ts');
  process.exit(1);
}
