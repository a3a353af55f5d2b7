/**
 * Layering of the shells: the browser client bundles for the browser with no Node
 * built-in, and the preload (sandboxed: only `electron` can be required) needs nothing else.
 */

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
