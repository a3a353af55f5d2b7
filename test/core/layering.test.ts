/**
 * DESIGN.md §11: core imports no DOM, React or Electron; and the parts the renderer runs
 * (document, layers, checker, IR, ops, autograd, optimizers, ONNX emission) import no Node
 * modules either: Node stays in core/runtime, core/data, core/train, core/cli, core/api,
 * core/devices and core/bench.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const NO_UI = [/^react/, /^@xyflow/, /^electron/, /^uplot/];
const NODE = [/^node:/, /^(fs|path|os|child_process|worker_threads|net|http|https|crypto|url|stream|zlib)$/, /^onnxruntime-node/, /^ws$/];
const PURE_DIRS = ['graph', 'layers', 'check', 'ir', 'ops', 'autograd', 'optim', 'onnx', 'compile', 'util', 'data/kinds'];

describe('core layering', () => {
  for (const file of files('core')) {
    it(`${file} imports no UI or Electron code`, () => {
      expect(imports(file).filter((s) => NO_UI.some((re) => re.test(s)))).toEqual([]);
    });
  }
  for (const dir of PURE_DIRS) {
    for (const file of files(join('core', dir))) {
      it(`${file} runs in a browser (no Node modules)`, () => {
        expect(imports(file).filter((s) => NODE.some((re) => re.test(s)))).toEqual([]);
      });
    }
  }
});
