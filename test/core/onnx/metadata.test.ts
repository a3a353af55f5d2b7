/**
 * Issue 7 (5): the exported model says how its input was prepared in training. A user with
 * only the .onnx file reads metadata_props, prepares the raw MNIST test images exactly as it
 * says (NCHW, x/255, then per-channel (x - mean) / std) and gets the accuracy training
 * reported. The project uses its own normalisation so a guess of the MNIST default fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadMnist } from '../../../core/data/dataset';
import { readMetadata } from '../../../core/onnx/metadata';
import { createSession, ort } from './ortHelpers';

const root = path.resolve(__dirname, '../../..');
let tmp: string;

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-meta-'));
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('metadata_props alone are enough to reproduce the test accuracy of training', async () => {
  const project = JSON.parse(fs.readFileSync(path.join(root, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
  project.training.normalize = { mean: [0.5], std: [0.25] };
  const file = path.join(tmp, 'mlp.wiregrad.json');
  fs.writeFileSync(file, JSON.stringify(project));
  const model = path.join(tmp, 'mlp.onnx');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'train', file, '--steps', '300', '--optimizer', 'adam', '--export', model, '--json'], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  expect(summary.test_accuracy).toBeGreaterThan(0.85);

  const bytes = fs.readFileSync(model);
  const meta = readMetadata(onnx.ModelProto.decode(bytes));
  expect(meta['wiregrad.input.layout']).toBe('NCHW');
  expect(meta['wiregrad.input.scale']).toBe('1/255');
  expect(meta['wiregrad.input.preprocessing']).toMatch(/pixel \/ 255 - mean\[c\]\) \/ std\[c\]/);

  // From here on only the metadata is used.
  const shape = JSON.parse(meta['wiregrad.input.shape']) as (string | number)[];
  const [c, h, w] = shape.slice(1) as number[];
  const mean = JSON.parse(meta['wiregrad.input.mean']) as number[];
  const std = JSON.parse(meta['wiregrad.input.std']) as number[];
  const test = loadMnist('test');
  const x = new Float32Array(test.count * c * h * w);
  const plane = h * w;
  for (let i = 0; i < x.length; i++) {
    const ch = Math.floor(i / plane) % c;
    const m = mean.length === 1 ? mean[0] : mean[ch];
    const s = std.length === 1 ? std[0] : std[ch];
    x[i] = ((test.images[i] as number) / 255 - m) / s;
  }
  const session = await createSession(bytes);
  const out = await session.run({ [meta['wiregrad.input.name']]: new ort.Tensor('float32', x, [test.count, c, h, w]) });
  const logits = out[session.outputNames[0]].data as Float32Array;
  const classes = logits.length / test.count;
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
    if (best === test.labels[i]) correct++;
  }
  // The same 10,000 predictions, up to float rounding between the training and inference graphs.
  expect(Math.abs(correct - Math.round(summary.test_accuracy * test.count))).toBeLessThanOrEqual(2);
}, 120_000);
