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

interface LossCase {
  label: string;
  type: string;
  params?: Record<string, ParamValue>;
  /** Input scores [N, K]. */
  shape: [number, number];
  /** float: targets in [0, 1] of the input's shape; labels: integer classes; logsoftmax: input passes through LogSoftmax first. */
  target: 'float' | 'binary' | 'labels';
  logsoftmax?: boolean;
  /** The PyTorch expression, with x, t and F in scope. */
  torch: string;
}

const CASES: LossCase[] = [
  { label: 'BCEWithLogitsLoss binary', type: 'BCEWithLogitsLoss', shape: [6, 1], target: 'binary', torch: 'nn.BCEWithLogitsLoss()(x, t)' },
  { label: 'BCEWithLogitsLoss multi-label', type: 'BCEWithLogitsLoss', shape: [5, 4], target: 'float', torch: 'nn.BCEWithLogitsLoss()(x, t)' },
  { label: 'L1Loss', type: 'L1Loss', shape: [4, 3], target: 'float', torch: 'nn.L1Loss()(x, t)' },
  { label: 'SmoothL1Loss beta 1', type: 'SmoothL1Loss', shape: [4, 5], target: 'float', torch: 'nn.SmoothL1Loss()(x, t)' },
  { label: 'SmoothL1Loss beta 0.3', type: 'SmoothL1Loss', params: { beta: 0.3 }, shape: [4, 5], target: 'float', torch: 'nn.SmoothL1Loss(beta=0.3)(x, t)' },
  { label: 'SmoothL1Loss beta 0', type: 'SmoothL1Loss', params: { beta: 0 }, shape: [3, 2], target: 'float', torch: 'nn.SmoothL1Loss(beta=0.0)(x, t)' },
  { label: 'MSELoss float', type: 'MSELoss', shape: [3, 2], target: 'float', torch: 'nn.MSELoss()(x, t)' },
  { label: 'NLLLoss after LogSoftmax', type: 'NLLLoss', shape: [5, 4], target: 'labels', logsoftmax: true, torch: 'nn.NLLLoss()(F.log_softmax(x, 1), t)' },
  { label: 'CrossEntropyLoss label_smoothing 0.1', type: 'CrossEntropyLoss', params: { label_smoothing: 0.1 }, shape: [5, 4], target: 'labels', torch: 'nn.CrossEntropyLoss(label_smoothing=0.1)(x, t)' },
];

function tensors(c: LossCase, seed: number) {
  const rng = new Rng(seed);
  const [n, k] = c.shape;
  const x = Array.from({ length: n * k }, () => Math.fround(rng.uniform(-3, 3)));
  const t = c.target === 'labels' ? Array.from({ length: n }, () => rng.int(k))
    : c.target === 'binary' ? Array.from({ length: n * k }, () => rng.int(2))
    : Array.from({ length: n * k }, () => Math.fround(rng.uniform(0, 1)));
  return { x, t };
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

  it.skipIf(why !== null)('every loss equals its PyTorch module through ONNX Runtime (1e-6 relative)', async () => {
    const mine: number[] = [];
    for (const { c, x, t } of results) {
      const { withGrad } = lossProgram(c);
      const feeds = { x: { shape: c.shape, data: Float64Array.from(x) }, t: { shape: c.target === 'labels' ? [c.shape[0]] : c.shape, data: Float64Array.from(t) } };
      mine.push((await runOrt(emitModel(withGrad), withGrad, feeds)).loss.data[0]);
    }
    const script = [
      'import json, sys, torch', 'from torch import nn', 'import torch.nn.functional as F',
      'cases = json.load(open(sys.argv[1]))',
      'out = []',
      'for c in cases:',
      '    x = torch.tensor(c["x"], dtype=torch.float32).reshape(c["shape"])',
      '    t = torch.tensor(c["t"], dtype=torch.int64) if c["labels"] else torch.tensor(c["t"], dtype=torch.float32).reshape(c["shape"])',
      '    out.append(float(eval(c["torch"])))',
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
    const theirs = JSON.parse(r.stdout.trim().split('\n').pop()!) as number[];
    CASES.forEach((c, i) => expect(Math.abs(mine[i] - theirs[i]) / Math.abs(theirs[i]), `${c.label}: ${mine[i]} vs PyTorch ${theirs[i]}`).toBeLessThan(1e-6));
  }, 120_000);
});

describe('loss diagnostics', () => {
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
