/**
 * `wiregrad train` keeps its runs: a run folder beside the project (run.json, metrics.jsonl,
 * TensorBoard events, last/best checkpoints), the project's weights file that `export` then
 * uses, and `--resume` continuing a checkpoint loss for loss. The event file is read back by
 * an independent Python reader (test/core/runs/tfevents_reader.py: its own CRC32C and
 * protobuf decoding). Real MNIST, a subset written as IDX files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_NORMALIZE, mnistSubset } from '../../helpers/mnist';
import { python, pythonUnavailable } from '../export/pytorch/python';

const root = path.resolve(__dirname, '../../..');
let tmp: string;
let project: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return r;
}
const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const runDirs = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((d) => path.join(dir, d)) : []);

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-runs-'));
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
  raw.training = {
    ...raw.training, dataset: mnistSubset(path.join(tmp, 'data'), { train: 4000, test: 1000 }), normalize: MNIST_NORMALIZE, epochs: 2, validation_split: 0.1,
    optimizer: { type: 'adam', lr: 0.002 }, schedule: { type: 'StepLR', step_size: 1, gamma: 0.7 }, best_metric: 'val_accuracy',
  };
  project = path.join(tmp, 'digits.wiregrad.json');
  fs.writeFileSync(project, JSON.stringify(raw));
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('train records runs, weights and checkpoints', () => {
  it('a run folder, the weights file, export from it, TensorBoard events, and resume = uninterrupted', () => {
    const first = cli('train', project, '--steps-per-run', '4', '--export', path.join(tmp, 'trained.onnx'));
    expect(first.stderr).toMatch(/saved weights .*digits\.wiregrad\.weights/);
    const [runDir] = runDirs(path.join(tmp, 'runs'));
    const record = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ format: 'wiregrad-run', project: 'digits.wiregrad.json', status: 'completed', summary: { epochs: 2, best: { metric: 'val_accuracy' } } });
    expect(record.training.schedule.type).toBe('StepLR');
    for (const f of ['metrics.jsonl', 'checkpoints/last.wiregrad.ckpt', 'checkpoints/best.wiregrad.ckpt']) expect(fs.existsSync(path.join(runDir, f)), f).toBe(true);

    // export uses the weights file: the same model as train --export wrote.
    const exp = cli('export', project, '-o', path.join(tmp, 'exported.onnx'));
    expect(exp.stderr).toMatch(/weights from .*digits\.wiregrad\.weights/);
    expect(fs.readFileSync(path.join(tmp, 'exported.onnx')).equals(fs.readFileSync(path.join(tmp, 'trained.onnx')))).toBe(true);

    // --resume for 2 more epochs = 4 uninterrupted epochs (recorded elsewhere with --logdir).
    const full = path.join(tmp, 'full.jsonl');
    cli('train', project, '--epochs', '4', '--steps-per-run', '4', '--metrics', full, '--logdir', path.join(tmp, 'other'), '--no-save-weights', '--fresh');
    const resumed = path.join(tmp, 'resumed.jsonl');
    const r = cli('train', project, '--epochs', '4', '--steps-per-run', '4', '--metrics', resumed, '--resume', path.join(runDir, 'checkpoints/last.wiregrad.ckpt'));
    expect(r.stderr).toMatch(/epoch 3\/4/);
    expect(r.stderr).not.toMatch(/starting from the weights/); // the checkpoint holds them
    const steps = (f: string) => lines(f).filter((l) => l.kind === 'step');
    const fullSteps = steps(full);
    const resumedSteps = steps(resumed);
    expect(resumedSteps.length).toBe(fullSteps.length / 2);
    expect(resumedSteps.map((s) => [s.step, s.loss, s.lr])).toEqual(fullSteps.slice(fullSteps.length / 2).map((s) => [s.step, s.loss, s.lr]));
    expect(lines(resumed).filter((l) => l.kind === 'epoch').map((e) => e.val_loss)).toEqual(lines(full).filter((l) => l.kind === 'epoch').slice(2).map((e) => e.val_loss));
    const resumedRun = runDirs(path.join(tmp, 'runs')).map((d) => JSON.parse(fs.readFileSync(path.join(d, 'run.json'), 'utf8'))).find((x) => x.resumed_from);
    expect(resumedRun.summary.steps).toBe(fullSteps.length);
  }, 300_000);

  it.skipIf(!!pythonUnavailable())('the TensorBoard event file reads back with an independent reader: framing, CRCs and values', () => {
    const [runDir] = runDirs(path.join(tmp, 'runs'));
    const file = fs.readdirSync(runDir).find((f) => f.startsWith('events.out.tfevents.'))!;
    const r = python([path.join(root, 'test/core/runs/tfevents_reader.py'), path.join(runDir, file)]);
    expect(r.code, r.output).toBe(0);
    const tb = JSON.parse(r.stdout) as { file_version: string; records: number; scalars: [number, string, number][] };
    expect(tb.file_version).toBe('brain.Event:2');
    const metrics = lines(path.join(runDir, 'metrics.jsonl'));
    const f32 = (x: number) => Math.fround(x);
    const series = (tag: string) => tb.scalars.filter((s) => s[1] === tag).map(([step, , v]) => [step, v]);
    const steps = metrics.filter((m) => m.kind === 'step');
    const epochs = metrics.filter((m) => m.kind === 'epoch');
    expect(series('train/loss')).toEqual(steps.map((s) => [s.step, f32(s.loss)]));
    expect(series('train/accuracy')).toEqual(steps.map((s) => [s.step, f32(s.accuracy)]));
    expect(series('lr')).toEqual(steps.map((s) => [s.step, f32(s.lr)]));
    expect(series('samples_per_s')).toHaveLength(steps.length);
    expect(series('val/loss')).toEqual(epochs.map((e) => [e.step, f32(e.val_loss)]));
    expect(series('val/accuracy')).toEqual(epochs.map((e) => [e.step, f32(e.val_accuracy)]));
    expect(series('test/accuracy')).toEqual(epochs.map((e) => [e.step, f32(e.test_accuracy)]));
    const lrs = series('lr').map(([, v]) => v);
    expect(new Set(lrs).size).toBe(2); // StepLR(step_size 1 epoch, gamma 0.7): two epochs, two rates
    console.log(`TensorBoard reader: ${tb.records} records, ${tb.scalars.length} scalars, all CRCs valid, values equal metrics.jsonl (float32)`);
  });
});
