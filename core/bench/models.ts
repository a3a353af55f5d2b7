import fs from 'node:fs';
import path from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { parseDocument } from '../graph/parse';

/** The benchmark models are the shipped templates, by short name. */
export const BENCH_MODELS: Record<string, string> = {
  mlp: 'mnist-mlp.wiregrad.json',
  lenet: 'mnist-lenet.wiregrad.json',
  convnet: 'cifar-convnet.wiregrad.json',
};

export function templatesDir(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  const candidates = [path.resolve(here, '..', 'assets', 'templates'), path.resolve(here, '..', '..', 'assets', 'templates'), path.resolve(process.cwd(), 'assets', 'templates')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[candidates.length - 1];
}

export function loadBenchModel(name: string): ProjectDocument {
  const file = BENCH_MODELS[name];
  if (!file) throw new Error(`unknown model "${name}"; choose ${Object.keys(BENCH_MODELS).join(', ')}`);
  const p = path.join(templatesDir(), file);
  return parseDocument(fs.readFileSync(p, 'utf8'), p);
}
