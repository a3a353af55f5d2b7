import fs from 'node:fs';
import path from 'node:path';
import type { ProjectDocument } from '../graph/document';
import { parseDocument, serializeDocument } from '../graph/parse';
import { resnet8 as buildResnet8 } from './resnet8';

/** Parsed like a file, so a network built in code meets the same checks as a template. */
const resnet8 = (): ProjectDocument => parseDocument(serializeDocument(buildResnet8()), 'resnet8.wiregrad.json');

/** The benchmark models that are shipped templates, by short name (project files: the e2e bench trains them). */
export const BENCH_MODELS: Record<string, string> = {
  mlp: 'mnist-mlp.wiregrad.json',
  lenet: 'mnist-lenet.wiregrad.json',
  convnet: 'cifar-convnet.wiregrad.json',
};

/** Benchmark networks built in code (no template of their own). */
export const BUILT_MODELS: Record<string, () => ProjectDocument> = { resnet8 };

/** Every model the throughput bench knows, in overview order. */
export function benchModelNames(): string[] {
  return [...Object.keys(BENCH_MODELS), ...Object.keys(BUILT_MODELS)];
}

/** Batch sizes of the overview per model (ResNet-8 is compared with PyTorch at 64 and 128). */
export const OVERVIEW_BATCHES: Record<string, number[]> = { mlp: [64, 256], lenet: [64, 256], convnet: [64, 256], resnet8: [64, 128] };

export function templatesDir(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  const candidates = [path.resolve(here, '..', 'assets', 'templates'), path.resolve(here, '..', '..', 'assets', 'templates'), path.resolve(process.cwd(), 'assets', 'templates')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[candidates.length - 1];
}

export function loadBenchModel(name: string): ProjectDocument {
  if (BUILT_MODELS[name]) return BUILT_MODELS[name]();
  const file = BENCH_MODELS[name];
  if (!file) throw new Error(`unknown model "${name}"; choose ${benchModelNames().join(', ')}`);
  const p = path.join(templatesDir(), file);
  return parseDocument(fs.readFileSync(p, 'utf8'), p);
}
