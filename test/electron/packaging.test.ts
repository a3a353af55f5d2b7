/**
 * The packaging configuration (package.json "build", read by electron-builder) against the
 * Electron checklist of issue 7: fuses flipped at packaging, the asar the integrity fuse
 * needs, every worker the build makes unpacked, project files associated with the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const build = pkg.build;

describe('electron-builder configuration', () => {
  it('flips the security fuses', () => {
    expect(build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // The integrity fuse checks app.asar: there must be one.
    expect(build.asar).toBe(true);
  });

  it('unpacks every worker thread bundle that scripts/build.mjs makes (a worker cannot load from inside the asar)', () => {
    const script = readFileSync(join(REPO, 'scripts', 'build.mjs'), 'utf8');
    const workers = [...script.matchAll(/'(dist\/[\w-]*worker\.cjs)'/g)].map((m) => m[1]);
    expect(workers.length).toBeGreaterThanOrEqual(3);
    for (const w of workers) expect(build.asarUnpack, w).toContain(w);
  });

  it('associates *.wiregrad.json with the app (opened through argv and open-file by electron/main.ts)', () => {
    expect(build.fileAssociations).toEqual([expect.objectContaining({ ext: 'wiregrad.json', role: 'Editor' })]);
  });
});
