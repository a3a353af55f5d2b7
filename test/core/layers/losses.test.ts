/**
 * The losses through ONNX Runtime against PyTorch's own modules on the same tensors: float
 * targets (binary and multi-label BCE, L1, SmoothL1 for several betas, MSE), NLLLoss after
 * LogSoftmax and CrossEntropyLoss with label smoothing; and their gradients w.r.t. the
 * input against finite differences of the reference interpreter. Integer-label forms are
 * covered by the registry test (test/core/export/pytorch/layers.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { gradients } from '../../../core/autograd/grad';
import type { ParamValue } from '../../../core/graph/document';
import { Builder } from '../../../core/ir/builder';
import { getLayer } from '../../../core/layers/index';
import { emitModel } from '../../../core/onnx/emit';
import { Rng } from '../../../core/util/rng';
import { runProgram } from '../../reference/interpreter';
import { runOrt } from '../onnx/ortHelpers';
import { python, pythonUnavailable } from '../export/pytorch/python';
import { chainDoc } from '../../helpers/docs';

interface LossCase {
  label: string;
  type: string;
  params?: Record<string, ParamValue>;
  /** Input scores [N, K]. */
  shape: [number, number];
  /** float: targets in [0, 1] of the input's shape; labels: integer classes; logsoftmax: input passes through LogSoftmax first. */
  target: 'float' | 'binary' | 'labels' | 'probs';
  logsoftmax?: boolean;
  /** The PyTorch expression, with x, t and F in scope. */
  torch: string;
}

const CASES: LossCase[] = [
  { label: 'BCEWithLogitsLoss binary', type: 'BCEWithLogitsLoss', shape: [6, 1], target: 'binary', torch: 'nn.BCEWithLogitsLoss()(x, t)' },
  { label: 'BCEWithLogitsLoss multi-label', type: 'BCEWithLogitsLoss', shape: [5, 4], target: 'float', torch: 'nn.BCEWithLogitsLoss()(x, t)' },
  { label: 'BCEWithLogitsLoss pos_weight per class', type: 'BCEWithLogitsLoss', params: { pos_weight: [3, 0.5, 1, 2.25] }, shape: [5, 4], target: 'float', torch: 'nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3, 0.5, 1, 2.25]))(x, t)' },
  { label: 'BCEWithLogitsLoss pos_weight scalar, binary', type: 'BCEWithLogitsLoss', params: { pos_weight: [4] }, shape: [6, 1], target: 'binary', torch: 'nn.BCEWithLogitsLoss(pos_weight=torch.tensor([4.0]))(x, t)' },
  { label: 'BCEWithLogitsLoss pos_weight scalar, multi-label', type: 'BCEWithLogitsLoss', params: { pos_weight: [0.3] }, shape: [3, 5], target: 'float', torch: 'nn.BCEWithLogitsLoss(pos_weight=torch.tensor(0.3))(x, t)' },
  { label: 'L1Loss', type: 'L1Loss', shape: [4, 3], target: 'float', torch: 'nn.L1Loss()(x, t)' },
  { label: 'SmoothL1Loss beta 1', type: 'SmoothL1Loss', shape: [4, 5], target: 'float', torch: 'nn.SmoothL1Loss()(x, t)' },
  { label: 'SmoothL1Loss beta 0.3', type: 'SmoothL1Loss', params: { beta: 0.3 }, shape: [4, 5], target: 'float', torch: 'nn.SmoothL1Loss(beta=0.3)(x, t)' },
  { label: 'SmoothL1Loss beta 0', type: 'SmoothL1Loss', params: { beta: 0 }, shape: [3, 2], target: 'float', torch: 'nn.SmoothL1Loss(beta=0.0)(x, t)' },
  { label: 'MSELoss float', type: 'MSELoss', shape: [3, 2], target: 'float', torch: 'nn.MSELoss()(x, t)' },
  { label: 'NLLLoss after LogSoftmax', type: 'NLLLoss', shape: [5, 4], target: 'labels', logsoftmax: true, torch: 'nn.NLLLoss()(F.log_softmax(x, 1), t)' },
  { label: 'CrossEntropyLoss label_smoothing 0.1', type: 'CrossEntropyLoss', params: { label_smoothing: 0.1 }, shape: [5, 4], target: 'labels', torch: 'nn.CrossEntropyLoss(label_smoothing=0.1)(x, t)' },
  { label: 'CrossEntropyLoss probability targets', type: 'CrossEntropyLoss', shape: [5, 4], target: 'probs', torch: 'nn.CrossEntropyLoss()(x, t)' },
  { label: 'CrossEntropyLoss probability targets, label_smoothing 0.2', type: 'CrossEntropyLoss', params: { label_smoothing: 0.2 }, shape: [6, 3], target: 'probs', torch: 'nn.CrossEntropyLoss(label_smoothing=0.2)(x, t)' },
];

function tensors(c: LossCase, seed: number) {
  const rng = new Rng(seed);
  const [n, k] = c.shape;
  const x = Array.from({ length: n * k }, () => Math.fround(rng.uniform(-3, 3)));
  const t = c.target === 'labels' ? Array.from({ length: n }, () => rng.int(k))
    : c.target === 'binary' ? Array.from({ length: n * k }, () => rng.int(2))
    : c.target === 'probs' ? probabilities(rng, n, k)
    : Array.from({ length: n * k }, () => Math.fround(rng.uniform(0, 1)));
  return { x, t };
}

/** n rows of k class probabilities (soft labels summing to 1). */
function probabilities(rng: Rng, n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: k }, () => rng.uniform(0, 1) ** 2);
    const s = w.reduce((a, v) => a + v, 0);
    out.push(...w.map((v) => Math.fround(v / s)));
  }
  return out;
}

/** loss(x, t) as a program of the layer's lowering, with the gradient w.r.t. x. */
function lossProgram(c: LossCase) {
  const def = getLayer(c.type);
  const b = new Builder();
  const x = b.input('x', c.shape);
  const t = c.target === 'labels' ? b.input('t', [c.shape[0]], 'int64') : b.input('t', c.shape);
  const scores = c.logsoftmax ? b.op1('LogSoftmax', [x], { axis: 1 }) : x;
  const params = Object.fromEntries(def.params.map((p) => [p.name, c.params?.[p.name] ?? p.default]));
  const out = def.lower({ b, nodeId: 'loss', params, inputs: { input: scores, target: t }, weights: {}, buffers: {}, mode: 'train', setBuffer: () => {}, random: () => { throw new Error('no noise'); } });
  b.output('loss', out.loss);
  const forward = b.program();
  const [gx] = gradients(b, out.loss, [x]);
  b.output('grad', gx!);
  return { forward, withGrad: b.program() };
}

const why = pythonUnavailable('torch');
const report: string[] = [];

describe('losses against PyTorch (float targets, NLL, label smoothing)', () => {
  const results = CASES.map((c) => ({ c, ...tensors(c, 3) }));

  it.each(CASES.map((c, i) => [c.label, i]))('%s: gradient w.r.t. the input = finite differences (float64)', (_l, i) => {
    const { c, x, t } = results[i];
    const { forward, withGrad } = lossProgram(c);
    const feeds = { x: { shape: c.shape, data: Float64Array.from(x) }, t: { shape: c.target === 'labels' ? [c.shape[0]] : c.shape, data: Float64Array.from(t) } };
    const g = runProgram(withGrad, feeds).grad.data;
    const eps = 1e-6;
    for (let j = 0; j < x.length; j++) {
      const at = (d: number) => runProgram(forward, { ...feeds, x: { shape: c.shape, data: Float64Array.from(x, (v, k) => (k === j ? v + d : v)) } }).loss.data[0];
      expect(Math.abs(g[j] - (at(eps) - at(-eps)) / (2 * eps)), `${c.label} element ${j}`).toBeLessThan(1e-6);
    }
  });

  it.skipIf(why !== null)('every loss and its input gradient equal its PyTorch module through ONNX Runtime (1e-6 relative, 1e-6 abs)', async () => {
    const mine: number[] = [];
    const mineGrad: number[][] = [];
    for (const { c, x, t } of results) {
      const { withGrad } = lossProgram(c);
      const feeds = { x: { shape: c.shape, data: Float64Array.from(x) }, t: { shape: c.target === 'labels' ? [c.shape[0]] : c.shape, data: Float64Array.from(t) } };
      const out = await runOrt(emitModel(withGrad), withGrad, feeds);
      mine.push(out.loss.data[0]);
      mineGrad.push(Array.from(out.grad.data));
    }
    const script = [
      'import json, sys, torch', 'from torch import nn', 'import torch.nn.functional as F',
      'cases = json.load(open(sys.argv[1]))',
      'out = []',
      'for c in cases:',
      '    x = torch.tensor(c["x"], dtype=torch.float32).reshape(c["shape"]).requires_grad_()',
      '    t = torch.tensor(c["t"], dtype=torch.int64) if c["labels"] else torch.tensor(c["t"], dtype=torch.float32).reshape(c["shape"])',
      '    loss = eval(c["torch"])',
      '    loss.backward()',
      '    out.append([float(loss), x.grad.reshape(-1).tolist()])',
      'print(json.dumps(out))',
    ].join('\n');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-losses-'));
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(results.map(({ c, x, t }) => ({ x, t, shape: c.shape, labels: c.target === 'labels', torch: c.torch }))));
    fs.writeFileSync(path.join(dir, 'run.py'), script);
    const r = python([path.join(dir, 'run.py'), path.join(dir, 'cases.json')]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code, r.output).toBe(0);
    const theirs = JSON.parse(r.stdout.trim().split('\n').pop()!) as [number, number[]][];
    CASES.forEach((c, i) => {
      const [loss, grad] = theirs[i];
      expect(Math.abs(mine[i] - loss) / Math.abs(loss), `${c.label}: ${mine[i]} vs PyTorch ${loss}`).toBeLessThan(1e-6);
      const worst = Math.max(...grad.map((g, j) => Math.abs(g - mineGrad[i][j])));
      report.push(`${c.label}: loss rel ${(Math.abs(mine[i] - loss) / Math.abs(loss)).toExponential(2)}, grad max abs ${worst.toExponential(2)}`);
      expect(worst, `${c.label} gradient`).toBeLessThan(1e-6);
    });
    console.log(report.join('\n'));
  }, 120_000);
});

describe('loss diagnostics', () => {
  it('BCEWithLogitsLoss pos_weight: one number or one per class of the last dimension; typed like a shape', async () => {
    const { checkDocument } = await import('../../../core/check/check');
    const { parseParamText } = await import('../../../core/layers/params');
    const bce = (pos_weight: number[] | null) => {
      const doc = graphDocOf([5], 4, 'BCEWithLogitsLoss');
      return checkDocument({ ...doc, nodes: doc.nodes.map((n) => (n.type === 'BCEWithLogitsLoss' ? { ...n, params: { pos_weight } } : n)) });
    };
    for (const ok of [null, [2], [1, 2, 3, 0.5]]) expect(bce(ok).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // A project file keeps the list as written.
    const { parseDocument, serializeDocument } = await import('../../../core/graph/parse');
    const doc = graphDocOf([5], 4, 'BCEWithLogitsLoss');
    const saved = serializeDocument({ ...doc, nodes: doc.nodes.map((n) => (n.type === 'BCEWithLogitsLoss' ? { ...n, params: { pos_weight: [0.5, 2, 1, 3] } } : n)) });
    expect(parseDocument(saved).nodes.find((n) => n.id === 'loss')!.params.pos_weight).toEqual([0.5, 2, 1, 3]);
    const bad = bce([1, 2]).diagnostics.find((d) => d.code === 'BCE_POS_WEIGHT_SIZE')!;
    expect(bad).toMatchObject({ severity: 'error', nodeId: 'loss' });
    expect(bad.message).toContain('give one number, or 4 (one per class)');
    const spec = getLayer('BCEWithLogitsLoss').params[0];
    expect(parseParamText(spec, '[3, 1, 0.5]')).toEqual({ value: [3, 1, 0.5] });
    expect(parseParamText(spec, '2')).toEqual({ value: [2] });
    expect(parseParamText(spec, '')).toEqual({ value: null });
    expect(parseParamText(spec, '1, -2')).toEqual({ error: 'pos_weight must be a list of numbers like [2, 0.5] ≥ 0' });
    const { parseParam, formatParam } = await import('../../../renderer/inspector/paramParse');
    expect(parseParam('floatList', '3, 1 0.5', spec)).toEqual({ ok: true, value: [3, 1, 0.5] });
    expect(parseParam('floatList', '', spec)).toEqual({ ok: true, value: null });
    expect(parseParam('floatList', '1, a', spec).ok).toBe(false);
    expect(parseParam('floatList', '1, -2', spec)).toEqual({ ok: false, error: 'pos_weight must be at least 0' });
    expect(formatParam('floatList', [3, 1, 0.5])).toBe('3, 1, 0.5');
  });


  it('CrossEntropyLoss after Softmax, and NLLLoss without LogSoftmax, are warnings that say what to do', async () => {
    const { graphDoc } = await import('../../helpers/docs');
    const { checkDocument } = await import('../../../core/check/check');
    const ce = checkDocument(graphDoc([5], [['fc', 'Linear', { out_features: 3 }, ['input']], ['sm', 'Softmax', {}, ['fc']]]));
    expect(ce.diagnostics.find((d) => d.code === 'CE_AFTER_SOFTMAX')).toMatchObject({ severity: 'warning', nodeId: 'loss' });
    const nll = checkDocument(graphDoc([5], [['fc', 'Linear', { out_features: 3 }, ['input']]], 'NLLLoss'));
    expect(nll.diagnostics.find((d) => d.code === 'NLL_NOT_LOG_PROBS')!.message).toContain('insert LogSoftmax');
    const ok = checkDocument(graphDoc([5], [['fc', 'Linear', { out_features: 3 }, ['input']], ['ls', 'LogSoftmax', {}, ['fc']]], 'NLLLoss'));
    expect(ok.diagnostics).toEqual([]);
  });
});

describe('CrossEntropyLoss with probability targets', () => {
  const net = (targetShape: number[] | null, smoothing: number) => {
    const doc = chainDoc([6], [['Linear', { out_features: 8 }, 'fc1'], ['ReLU', {}, 'relu'], ['Linear', { out_features: 3 }, 'fc2']], 'CrossEntropyLoss', {
      batch_size: 16, epochs: 4, dataset: { kind: 'random', samples: 64, classes: 3 }, shuffle: false, device: 'cpu:1',
    });
    return {
      ...doc,
      nodes: doc.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, target_shape: targetShape } } : n.type === 'CrossEntropyLoss' ? { ...n, params: { label_smoothing: smoothing } } : n)),
    };
  };

  it('accepts float targets of one value per class and nothing else, with a fix in the message', async () => {
    const { checkDocument } = await import('../../../core/check/check');
    expect(checkDocument(net([3], 0)).diagnostics).toEqual([]);
    const wrong = checkDocument(net([4], 0)).diagnostics.find((d) => d.code === 'LOSS_TARGET_SHAPE')!;
    expect(wrong).toMatchObject({ severity: 'error', nodeId: 'loss' });
    expect(wrong.message).toContain("set the Input's target_shape to [3]");
    expect(checkDocument(net([1, 3], 0)).diagnostics.map((d) => d.code)).toContain('LOSS_TARGET_SHAPE');
    // NLLLoss keeps integer labels only.
    const nll = checkDocument({ ...net([3], 0), nodes: net([3], 0).nodes.map((n) => (n.type === 'CrossEntropyLoss' ? { ...n, type: 'NLLLoss', params: {} } : n)) });
    expect(nll.diagnostics.map((d) => d.code)).toContain('LOSS_TARGET_TYPE');
  });

  it('class labels become one-hot targets for an Input of target_shape [classes]: the same losses as from the labels, with and without smoothing', async () => {
    const { trajectory } = await import('../runtime/helpers');
    for (const smoothing of [0, 0.1]) {
      const labels = await trajectory(net(null, smoothing), { maxSteps: 8, session: { threads: 1 } });
      const soft = await trajectory(net([3], smoothing), { maxSteps: 8, session: { threads: 1 } });
      expect(soft.losses.length).toBe(8);
      soft.losses.forEach((l, i) => expect(Math.abs(l - labels.losses[i]) / labels.losses[i]).toBeLessThan(1e-6));
      expect(soft.correct).toEqual(labels.correct);
    }
  }, 60_000);

  it.skipIf(why !== null)('the exported PyTorch script trains a one-hot-target project with label smoothing to the same losses (10 steps, 1e-4)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { buildBundles } = await import('../runtime/helpers');
    const { expectParity, exportParity } = await import('../export/pytorch/exportParity');
    buildBundles();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-soft-'));
    try {
      const f = path.join(dir, 'soft.wiregrad.json');
      const doc = net([3], 0.1);
      fs.writeFileSync(f, JSON.stringify({ ...doc, training: { ...doc.training, samples: undefined, epochs: 3 } }));
      expectParity(exportParity('--models', f, '--steps', '10', '--ranks', '1'), 1, 10, () => false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Input [shape] → Linear(out) → loss, with float targets of [out] (target_shape). */
function graphDocOf(shape: number[], out: number, loss: string) {
  const doc = chainDoc(shape, [['Linear', { out_features: out }, 'fc']], loss);
  return { ...doc, nodes: doc.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, target_shape: [out] } } : n)) };
}
