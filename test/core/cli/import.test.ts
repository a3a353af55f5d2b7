/**
 * `wiregrad import` as a user runs it (bin/wiregrad.js on the bundled CLI): a PyTorch MLP
 * becomes a project and its weights file; `wiregrad export` of the untouched project gives
 * the original model's outputs; `wiregrad train` starts from the imported weights and the
 * model learns MNIST in one epoch; bad input files are one clear line each.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../../core/graph/parse';
import { decodeWeights } from '../../../core/project/weightsFile';
import { createSession, ort } from '../onnx/ortHelpers';
import { fixturesUnavailable, readFixture, relativeDiff, writeFixtures, type Fixture } from '../import/onnx/fixtures';

const root = path.resolve(__dirname, '../../..');
const skip = fixturesUnavailable();
let dir = '';
let mlp: Fixture;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function run(bytes: Uint8Array, x: Float32Array): Promise<Float32Array> {
  const s = await createSession(bytes);
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [4, 1, 28, 28]) });
  await s.release();
  return out[s.outputNames[0]].data as Float32Array;
}

beforeAll(() => {
  if (skip) return;
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  dir = writeFixtures(['mlp']);
  mlp = readFixture(dir, 'mlp');
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!!skip)('wiregrad import', () => {
  it('writes the project and its weights file, then export reproduces the original outputs', async () => {
    const r = cli('import', mlp.file, '-o', 'mlp.wiregrad.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/imported 6 layers, 109386 weights \(opset 17\)/);
    const doc = parseDocument(fs.readFileSync(path.join(dir, 'mlp.wiregrad.json'), 'utf8'));
    expect(doc.nodes.map((n) => n.type)).toEqual(['Input', 'Flatten', 'Linear', 'ReLU', 'Linear', 'ReLU', 'Linear', 'CrossEntropyLoss']);
    const weights = decodeWeights(fs.readFileSync(path.join(dir, 'mlp.wiregrad.weights')));
    expect([...weights.tensors.keys()]).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);

    const e = cli('export', 'mlp.wiregrad.json', '-o', 'again.onnx');
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toContain('weights from');
    const diff = relativeDiff(await run(fs.readFileSync(path.join(dir, 'again.onnx')), mlp.input), await run(mlp.bytes, mlp.input));
    console.log(`CLI import → export of the MLP: max relative diff ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-5);
  }, 120_000);

  it('the imported MLP trains on MNIST from its imported weights: > 90% test accuracy after one epoch', () => {
    const r = cli('train', 'mlp.wiregrad.json', '--epochs', '1', '--optimizer', 'adam', '--lr', '0.001', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('starting from the weights in');
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(`imported MLP after 1 epoch of MNIST: test accuracy ${summary.test_accuracy}`);
    expect(summary.test_accuracy).toBeGreaterThan(0.9);
  }, 300_000);

  it('export --with-preprocessing writes the normalisation into the graph; other formats refuse the flag', () => {
    const r = cli('export', 'mlp.wiregrad.json', '-o', 'pre.onnx', '--with-preprocessing');
    expect(r.code, r.stderr).toBe(0);
    const bad = cli('export', 'mlp.wiregrad.json', '-o', 'model.py', '--format', 'pytorch', '--with-preprocessing');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--with-preprocessing applies to --format onnx');
  });

  it('refuses what is not an ONNX model, one line each', () => {
    fs.writeFileSync(path.join(dir, 'junk.onnx'), 'this is not protobuf at all');
    fs.writeFileSync(path.join(dir, 'half.onnx'), mlp.bytes.subarray(0, 5000));
    for (const [file, code] of [['junk.onnx', /IMPORT_CORRUPT/], ['half.onnx', /IMPORT_CORRUPT/], ['missing.onnx', /no such file/]] as const) {
      const r = cli('import', file, '-o', 'x.wiregrad.json');
      expect(r.code, file).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(code);
      expect(r.stderr).not.toContain('    at ');
    }
    expect(cli('import', mlp.file).code).toBe(2);
  });
});
