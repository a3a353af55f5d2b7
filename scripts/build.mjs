// Builds every bundle the app and the CLI run from: esbuild for Node/Electron code (fast,
// one file per entry), Vite for the renderer. Incremental enough to run before every test.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Pure-JS packages compiled into the bundles rather than loaded from node_modules: zod's ~120
// module files took ~40% of the CLI's and the training thread's start-up to resolve and load.
// Everything else (native addons, protobufjs's dynamic requires) stays external.
const BUNDLED = new Set(['zod']);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]
  .filter((d) => !BUNDLED.has(d))
  .flatMap((d) => [d, `${d}/*`]);
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // Code that also runs as ESM under vitest guards its import.meta use.
  logOverride: { 'empty-import-meta': 'silent' },
  absWorkingDir: root,
};

const entries = [
  ['core/cli/main.ts', 'dist/cli.cjs'],
  ['core/train/worker.ts', 'dist/train-worker.cjs'],
  ['core/runtime/replicaWorker.ts', 'dist/replica-worker.cjs'],
  ['core/data/prefetchWorker.ts', 'dist/data-worker.cjs'],
  ['core/api/exportWorker.ts', 'dist/export-worker.cjs'],
  ['core/bench/main.ts', 'dist/bench.cjs'],
  ['electron/main.ts', 'dist/electron/main.cjs', { external: ['electron'] }],
  ['electron/preload.ts', 'dist/electron/preload.cjs', { external: ['electron'] }],
].filter(([src]) => existsSync(path.join(root, src)));

await Promise.all(entries.map(([src, out, extra]) => build({ ...node, ...extra, entryPoints: [src], outfile: out })));

if (existsSync(path.join(root, 'vite.config.mts')) && !process.argv.includes('--no-renderer')) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
