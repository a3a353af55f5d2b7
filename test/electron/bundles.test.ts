/**
 * Layering of the shells: the browser client bundles for the browser with no Node
 * built-in, and the preload (sandboxed: only `electron` can be required) needs nothing else.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');

describe('shell bundles', () => {
  it('core/api/httpClient.ts builds for the browser without Node modules', async () => {
    const r = await build({ entryPoints: [join(REPO, 'core/api/httpClient.ts')], bundle: true, platform: 'browser', write: false, logLevel: 'silent' });
    expect(r.errors).toEqual([]);
    expect(r.outputFiles[0].text).not.toMatch(/require\(["']node:/);
  });

  it('the preload requires only electron', async () => {
    const r = await build({ entryPoints: [join(REPO, 'electron/preload.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], write: false, logLevel: 'silent', metafile: true });
    const requires = [...r.outputFiles[0].text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    const inputs = Object.keys(r.metafile!.inputs);
    expect(inputs.some((i) => i.includes('core/api/backend') || i.includes('node_modules'))).toBe(false);
  });
});

describe('electron/electronTypes.ts', () => {
  const dts = process.env.ELECTRON_TYPES || join(REPO, 'node_modules', 'electron', 'electron.d.ts');
  it.skipIf(!existsSync(dts))('matches the installed electron.d.ts', () => {
    // Throws (non-zero exit) when the structural types drifted from Electron's.
    const out = execFileSync(process.execPath, [join(REPO, 'scripts', 'check-electron-types.mjs')], { encoding: 'utf8', env: { ...process.env, ELECTRON_TYPES: dts } });
    expect(out).toContain('matches');
  }, 120_000);
});
