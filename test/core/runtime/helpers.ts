import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { OptimizerConfig, ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import type { TrainEvent } from '../../../core/train/events';
import { train, type TrainOptions, type TrainResult } from '../../../core/train/trainer';

export const root = path.resolve(__dirname, '../../..');
export const templates = path.join(root, 'assets/templates');

/** Replica workers run from dist/replica-worker.cjs, so the Node bundles must be built. */
export function buildBundles(): void {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}

export const SGD: OptimizerConfig = { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 };

/** A template with --no-shuffle semantics and the given overrides of its training section. */
export function template(name: 'mnist-mlp' | 'mnist-lenet', training: Partial<ProjectDocument['training']> = {}): ProjectDocument {
  const doc = parseDocument(fs.readFileSync(path.join(templates, `${name}.wiregrad.json`), 'utf8'));
  return { ...doc, training: { ...doc.training, shuffle: false, optimizer: SGD, ...training } };
}

export interface Trajectory {
  losses: number[];
  correct: number[];
  params: Float32Array;
  state: TrainResult['state'];
}

export async function trajectory(doc: ProjectDocument, opts: TrainOptions = {}): Promise<Trajectory> {
  const losses: number[] = [];
  const correct: number[] = [];
  const onEvent = (e: TrainEvent) => {
    if (e.kind === 'step') {
      losses.push(e.loss);
      correct.push(e.accuracy ?? NaN);
    }
  };
  const r = await train(doc, { evaluateEachEpoch: false, ...opts, onEvent });
  return { losses, correct, params: r.state.params, state: r.state };
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), 1e-12));
  return m;
}
