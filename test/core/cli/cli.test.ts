/**
 * The CLI as a user runs it: `node bin/wiregrad.js <cmd>` on the bundled dist/cli.cjs.
 * Exit codes, what is printed, clear one-line errors without stack traces, exported models
 * that ONNX Runtime runs, and deterministic training.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initParams, paramLayout } from '../../../core/compile/paramLayout';
import { parseDocument, serializeDocument } from '../../../core/graph/parse';
import { Rng } from '../../../core/util/rng';
import { createSession, ort } from '../onnx/ortHelpers';

const root = path.resolve(__dirname, '../../..');
const templates = path.join(root, 'assets/templates');
const malformedDir = path.join(root, 'test/fixtures/projects/malformed');
const MLP = path.join(templates, 'mnist-mlp.wiregrad.json');
let tmp: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectNoStack(r: Run): void {
  expect(r.stderr).not.toContain('    at ');
  expect(r.stdout).not.toContain('    at ');
  expect(r.stderr).not.toContain('internal error');
}

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-cli-'));
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The course bug: fc's in_features set to 128·6·6 = 4608 where the ConvNet gives 2048. */
function convnetBugFile(): string {
  const file = path.join(tmp, 'convnet-bug.wiregrad.json');
  const doc = parseDocument(fs.readFileSync(path.join(templates, 'cifar-convnet.wiregrad.json'), 'utf8'));
  doc.nodes = doc.nodes.map((n) => (n.id === 'fc' ? { ...n, params: { ...n.params, in_features: 4608 } } : n));
  fs.writeFileSync(file, serializeDocument(doc));
  return file;
}

describe('wiregrad check', () => {
  it.each([
    ['mnist-mlp', ['N×1×28×28', 'N×784', 'N×128', 'N×10'], '109.4k parameters'],
    ['mnist-lenet', ['N×6×28×28', 'N×16×5×5', 'N×400', 'N×84'], '61.7k parameters'],
    ['cifar-convnet', ['N×3×32×32', 'N×128×4×4', 'N×2048', 'N×10'], '113.7k parameters'],
  ])('%s exits 0 and prints per-node shapes', (name, shapes, total) => {
    const r = cli('check', path.join(templates, `${name}.wiregrad.json`));
    expect(r.code, r.stderr).toBe(0);
    for (const s of shapes) expect(r.stdout).toContain(s);
    expect(r.stdout).toContain(total);
    expect(r.stdout).not.toMatch(/error/);
  });

  it('--json gives the full result', () => {
    const r = cli('check', MLP, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(true);
    expect(j.totalParams).toBe(109_386);
    expect(j.nodes.fc1.outputs.out.shape).toEqual([128]);
  });

  it('the ConvNet bug exits 1 with the diagnostic on node fc and its fix', () => {
    const file = convnetBugFile();
    const r = cli('check', file);
    expect(r.code).toBe(1);
    expectNoStack(r);
    expect(r.stdout).toMatch(/LINEAR_IN_FEATURES at fc \(Linear\)/);
    expect(r.stdout).toContain('2048');
    expect(r.stdout).toContain('4608');
    expect(r.stdout).toMatch(/fix: .*2048/);
    const j = JSON.parse(cli('check', file, '--json').stdout);
    expect(j.ok).toBe(false);
    expect(j.diagnostics.map((d: { code: string; nodeId: string }) => `${d.code}@${d.nodeId}`)).toEqual(['LINEAR_IN_FEATURES@fc']);
  });

  const malformed = fs.readdirSync(malformedDir).sort();
  it('has malformed fixtures to run', () => expect(malformed.length).toBeGreaterThanOrEqual(8));
  it.each(malformed)('malformed %s exits 1 with a clear message naming the file', (file) => {
    const full = path.join(malformedDir, file);
    const r = cli('check', full);
    expect(r.code).toBe(1);
    expectNoStack(r);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`wiregrad check: ${full}`), lines[0]).toBe(true);
  });

  it('a missing file exits 1 naming it', () => {
    const r = cli('check', 'nope.wiregrad.json');
    expect(r.code).toBe(1);
    expectNoStack(r);
    expect(r.stderr).toContain('nope.wiregrad.json');
    expect(r.stderr).toContain('no such file');
  });

  it('usage errors exit 2: unknown command, unknown option', () => {
    const a = cli('frobnicate');
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown command');
    const b = cli('check', MLP, '--bogus');
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('unknown option --bogus');
    expectNoStack(b);
  });
});

describe('wiregrad export', () => {
  async function runModel(file: string, x: Float32Array, batch: number): Promise<Float32Array> {
    const session = await createSession(new Uint8Array(fs.readFileSync(file)));
    try {
      const out = await session.run({ input: new ort.Tensor('float32', x, [batch, 1, 28, 28]) });
      expect(out.logits.dims).toEqual([batch, 10]);
      return out.logits.data as Float32Array;
    } finally {
      await session.release();
    }
  }

  it('writes a valid, deterministic ONNX model with weights named <nodeId>.weight', async () => {
    const a = path.join(tmp, 'a.onnx');
    const b = path.join(tmp, 'b.onnx');
    for (const out of [a, b]) {
      const r = cli('export', MLP, '-o', out);
      expect(r.code, r.stderr).toBe(0);
      expectNoStack(r);
    }
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);

    const rng = new Rng(4);
    const x = Float32Array.from({ length: 3 * 784 }, () => rng.next());
    const ya = await runModel(a, x, 3);
    const yb = await runModel(b, x, 3);
    expect(Array.from(ya)).toEqual(Array.from(yb));
    expect(ya.every(Number.isFinite)).toBe(true);
    // The batch dimension is symbolic: one sample alone gives the same logits as in the batch of 3.
    const y1 = await runModel(a, x.slice(784, 2 * 784), 1);
    Array.from(y1).forEach((v, i) => expect(v).toBeCloseTo(ya[10 + i], 5));

    const model = onnx.ModelProto.decode(fs.readFileSync(a));
    const g = model.graph!;
    const inits = g.initializer ?? [];
    const inputs = g.input ?? [];
    expect(inits.filter((t) => /\.(weight|bias)$/.test(t.name!)).map((t) => t.name).sort()).toEqual(
      ['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight', 'fc3.bias', 'fc3.weight'],
    );
    expect(inputs.map((i) => i.name)).toEqual(['input']);
    expect(inputs[0].type!.tensorType!.shape!.dim![0].dimParam).toBe('N');
    expect((g.output ?? []).map((o) => o.name)).toEqual(['logits']);

    // A never-trained project exports the seeded initial weights `train` starts from.
    const doc = parseDocument(fs.readFileSync(MLP, 'utf8'));
    const layout = paramLayout(doc, checkDocument(doc));
    const flat = initParams(layout, doc.training.seed);
    const slot = layout.slots.find((s) => s.name === 'fc2.weight')!;
    const t = inits.find((i) => i.name === 'fc2.weight')!;
    expect(t.dims!.map(Number)).toEqual([64, 128]);
    const raw = new Uint8Array(t.rawData!);
    const data = new Float32Array(raw.slice().buffer);
    expect(Array.from(data)).toEqual(Array.from(flat.subarray(slot.offset, slot.offset + slot.size)));
  });

  it('--seed changes the exported weights', () => {
    const c = path.join(tmp, 'c.onnx');
    const d = path.join(tmp, 'd.onnx');
    expect(cli('export', MLP, '-o', c).code).toBe(0);
    expect(cli('export', MLP, '-o', d, '--seed', '1').code).toBe(0);
    expect(fs.readFileSync(c).equals(fs.readFileSync(d))).toBe(false);
  });

  it('refuses a project with errors (exit 1, diagnostics, no file, no stack)', () => {
    const out = path.join(tmp, 'bug.onnx');
    const r = cli('export', convnetBugFile(), '-o', out);
    expect(r.code).toBe(1);
    expectNoStack(r);
    expect(r.stderr).toContain('LINEAR_IN_FEATURES');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('without -o is a usage error', () => {
    const r = cli('export', MLP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-o');
  });
});

describe('wiregrad train', () => {
  interface Step {
    kind: 'step';
    step: number;
    loss: number;
  }
  function train(name: string): { steps: Step[]; lines: Record<string, unknown>[]; summary: Record<string, unknown> } {
    const metrics = path.join(tmp, name);
    const r = cli('train', MLP, '--steps', '20', '--no-shuffle', '--metrics', metrics, '--json');
    expect(r.code, r.stderr).toBe(0);
    expectNoStack(r);
    const lines = fs.readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = out.find((l) => l.kind === 'summary');
    return { steps: lines.filter((l) => l.kind === 'step'), lines, summary };
  }

  it('--steps 20 writes 20 step lines, a falling loss and a summary with test accuracy; twice gives identical losses', () => {
    const a = train('m1.jsonl');
    expect(a.steps.map((s) => s.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const s of a.steps) expect(Number.isFinite(s.loss)).toBe(true);
    const mean = (xs: number[]) => xs.reduce((p, q) => p + q, 0) / xs.length;
    const losses = a.steps.map((s) => s.loss);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
    expect(losses[0]).toBeGreaterThan(2); // ~ln 10 at the start
    expect(a.summary).toMatchObject({ kind: 'summary', steps: 20 });
    expect(typeof a.summary.test_accuracy).toBe('number');
    expect(a.summary.test_accuracy as number).toBeGreaterThan(0.1);
    expect(a.summary.test_accuracy as number).toBeLessThanOrEqual(1);
    // Where the time went and the peak memory, for `npm run bench -- --e2e`.
    expect(a.summary.peak_rss_mb as number).toBeGreaterThan(10);
    const phases = a.summary.phases as Record<string, number>;
    for (const p of ['startup', 'worker', 'data', 'session', 'steps', 'eval']) expect(phases[p], p).toBeGreaterThan(0);
    const sum = Object.values(phases).reduce((x, y) => x + y, 0);
    expect(sum).toBeLessThanOrEqual((a.summary.wall_s as number) + 0.01);

    const b = train('m2.jsonl');
    expect(b.steps.map((s) => s.loss)).toEqual(losses);
    expect(b.summary.test_accuracy).toBe(a.summary.test_accuracy);
  });

  it('rejects an unknown optimizer (usage error) and an unavailable device, without a stack trace', () => {
    const a = cli('train', MLP, '--optimizer', 'rmsprop');
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--optimizer');
    const b = cli('train', MLP, '--device', 'cuda:7', '--steps', '1');
    expect(b.code).not.toBe(0);
    expect(b.stderr).toContain('cuda:7');
    expectNoStack(b);
  });

  it('refuses the ConvNet-bug project with the diagnostic and no stack trace', () => {
    const r = cli('train', convnetBugFile(), '--steps', '1');
    expect(r.code).toBe(1);
    expectNoStack(r);
    expect(r.stderr).toContain('LINEAR_IN_FEATURES');
  });
});

describe('output paths and project-file errors (issue 7)', () => {
  const oneLine = (r: Run) => {
    expectNoStack(r);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  };

  it.each([
    ['a missing folder', () => path.join(tmp, 'no-such-dir', 'm.onnx'), /no such directory/],
    ['a folder', () => tmp, /is a directory/],
    ['a path under a file', () => path.join(MLP, 'm.onnx'), /not a directory/],
  ])('export -o into %s: exit 1, one line naming the path', (_name, target, reason) => {
    const out = target();
    const r = cli('export', MLP, '-o', out);
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain(`-o ${out}`);
    expect(r.stderr).toMatch(reason);
  });

  it.each(['--export', '--metrics'])('train %s into a missing folder is refused before training starts', (flag) => {
    const out = path.join(tmp, 'no-such-dir', 'x.out');
    const r = cli('train', MLP, '--steps', '100000', flag, out);
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain(`${flag} ${out}`);
    // Nothing was trained: the progress line never appeared.
    expect(r.stderr).not.toMatch(/training .* parameters/);
  });

  it('leaves no temp file when the write fails', () => {
    const before = fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'));
    cli('export', MLP, '-o', tmp);
    expect(fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual(before);
  });

  it('a bad device in the project file is a project-file error (exit 1, file:line), a bad --device a usage error (exit 2)', () => {
    const file = path.join(malformedDir, 'bad-device.wiregrad.json');
    const r = cli('train', file, '--steps', '1');
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toMatch(new RegExp(`^wiregrad train: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: training\\.device`));
    expect(r.stderr).not.toContain('Usage:');
    const u = cli('train', MLP, '--device', 'tpu', '--steps', '1');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--device');
  });
});
