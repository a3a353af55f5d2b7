/**
 * PyTorch-exported fixture models (fixtures.py beside this file), written once per test
 * file into a temporary folder by /usr/bin/python3 with torch. Locally a missing torch skips
 * the tests that need them; under CI it fails them (see pythonUnavailable).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { python, pythonUnavailable } from '../../export/pytorch/python';

export const FIXTURE_MODELS = ['mlp', 'lenet', 'convnet', 'resnet_folded', 'resnet_bn', 'mixed', 'mixed_op13', 'lenet_op11', 'upsample'] as const;
export type FixtureModel = (typeof FIXTURE_MODELS)[number];

export interface Fixture {
  bytes: Uint8Array;
  /** The input batch torch ran, [4, ...sample], and its output. */
  input: Float32Array;
  output: Float32Array;
  file: string;
}

export function fixturesUnavailable(): string | null {
  return pythonUnavailable('torch');
}

/** Exports the models (all of them by default) into a fresh folder; returns it. */
export function writeFixtures(models: readonly FixtureModel[] = FIXTURE_MODELS): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-onnx-import-'));
  const r = python([path.join(__dirname, 'fixtures.py'), dir, ...models], { timeout: 240_000, env: { OMP_NUM_THREADS: '2' } });
  if (r.code !== 0) throw new Error(`fixtures.py failed:\n${r.output}`);
  return dir;
}

export function readFixture(dir: string, name: string): Fixture {
  const f32 = (ext: string) => {
    const b = fs.readFileSync(path.join(dir, `${name}.${ext}`));
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const file = path.join(dir, `${name}.onnx`);
  return { bytes: new Uint8Array(fs.readFileSync(file)), input: f32('in'), output: f32('out'), file };
}

/** max |a − b| / max |b|: the error relative to the output's scale (elementwise ratios blow up near 0). */
export function relativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return a.length === b.length ? err / (scale || 1) : Infinity;
}
