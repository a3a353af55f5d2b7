/** DESIGN.md §11: the renderer imports no Node, Electron or native code, only pure core modules. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

const FORBIDDEN = [
  /^node:/,
  /^(fs|path|os|child_process|worker_threads|net|http|https|crypto|url|stream)$/,
  /^electron/,
  /^onnxruntime-node/,
  // core/data/kinds is the browser-safe half of the dataset-kind registry.
  /core\/(runtime|data\/(?!kinds\/)|cli|train\/(?!events))/,
  /core\/api\/(server|backend|store|fsutil|training|coreDeps|deps)/,
];

describe('renderer layering', () => {
  for (const file of files('renderer')) {
    it(`${file} imports only browser-safe modules`, () => {
      const src = readFileSync(file, 'utf8');
      const specs = [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
      const bad = specs.filter((s) => FORBIDDEN.some((re) => re.test(s)));
      expect(bad).toEqual([]);
    });
  }
});
