/**
 * GELU in both of PyTorch's forms (approximate='none' and 'tanh'): forward and input
 * gradient through ONNX Runtime against torch.nn.GELU on the same tensors, and the
 * gradient against finite differences of the float64 reference interpreter. The exported
 * module text is covered by the registry test (test/core/export/pytorch/layers.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../../core/autograd/grad';
import { checkDocument } from '../../../core/check/check';
import { Builder } from '../../../core/ir/builder';
import { GELU } from '../../../core/layers/GELU';
import { validateParam } from '../../../core/layers/params';
import { emitModel } from '../../../core/onnx/emit';
import { Rng } from '../../../core/util/rng';
import { chainDoc } from '../../helpers/docs';
import { runProgram } from '../../reference/interpreter';
import { runOrt } from '../onnx/ortHelpers';
import { python, pythonUnavailable } from '../export/pytorch/python';

const SHAPE = [4, 6];
const rng = new Rng(11);
const X = Array.from({ length: 24 }, () => Math.fround(rng.uniform(-4, 4)));
// A random cotangent, so the gradient test sees every element's own slope.
const W = Array.from({ length: 24 }, () => Math.fround(rng.uniform(-1, 1)));

function program(approximate: string) {
  const b = new Builder();
  const x = b.input('x', SHAPE);
  const w = b.input('w', SHAPE);
  const y = GELU.lower({ b, nodeId: 'g', params: { approximate }, inputs: { in: x }, weights: {}, buffers: {}, mode: 'train', setBuffer: () => {}, random: () => { throw new Error('no noise'); } }).out;
  const loss = b.reduceSum(b.mul(y, w), [0, 1]);
  b.output('y', y);
  b.output('loss', loss);
  const forward = b.program();
  const [gx] = gradients(b, loss, [x]);
  b.output('grad', gx!);
  return { forward, withGrad: b.program() };
}

const feeds = (x = X) => ({ x: { shape: SHAPE, data: Float64Array.from(x) }, w: { shape: SHAPE, data: Float64Array.from(W) } });
const why = pythonUnavailable('torch');

describe('GELU approximate', () => {
  it.each(['none', 'tanh'])("approximate='%s': gradient = finite differences (float64)", (approximate) => {
    const { forward, withGrad } = program(approximate);
    const g = runProgram(withGrad, feeds()).grad.data;
    const eps = 1e-6;
    for (let j = 0; j < X.length; j++) {
      const at = (d: number) => runProgram(forward, feeds(X.map((v, k) => (k === j ? v + d : v)))).loss.data[0];
      expect(Math.abs(g[j] - (at(eps) - at(-eps)) / (2 * eps))).toBeLessThan(1e-6);
    }
  });

  it('accepts only PyTorch\'s two forms, with the choices in the message', () => {
    const spec = GELU.params[0];
    expect(validateParam(spec, 'tanh')).toBeNull();
    expect(validateParam(spec, 'fast')).toContain('"none", "tanh"');
    // A project file with another value is refused where it is read, naming the node.
    expect(() => chainDoc([5], [['GELU', { approximate: 'erf' }, 'g'], ['Linear', { out_features: 2 }, 'fc']])).toThrow('node "g" (GELU): approximate must be one of "none", "tanh", got "erf"');
    expect(checkDocument(chainDoc([5], [['GELU', { approximate: 'tanh' }, 'g'], ['Linear', { out_features: 2 }, 'fc']])).diagnostics).toEqual([]);
  });

  it.skipIf(why !== null)('forward and input gradient equal torch.nn.GELU in both forms (ONNX Runtime, float32)', async () => {
    const mine: Record<string, { y: number[]; grad: number[] }> = {};
    for (const a of ['none', 'tanh']) {
      const { withGrad } = program(a);
      const out = await runOrt(emitModel(withGrad), withGrad, feeds());
      mine[a] = { y: Array.from(out.y.data), grad: Array.from(out.grad.data) };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-gelu-'));
    fs.writeFileSync(path.join(dir, 'in.json'), JSON.stringify({ x: X, w: W, shape: SHAPE }));
    fs.writeFileSync(path.join(dir, 'run.py'), [
      'import json, sys, torch', 'from torch import nn',
      'c = json.load(open(sys.argv[1]))', 'out = {}',
      'for a in ["none", "tanh"]:',
      '    x = torch.tensor(c["x"], dtype=torch.float32).reshape(c["shape"]).requires_grad_()',
      '    w = torch.tensor(c["w"], dtype=torch.float32).reshape(c["shape"])',
      '    y = nn.GELU(approximate=a)(x)', '    (y * w).sum().backward()',
      '    out[a] = {"y": y.detach().reshape(-1).tolist(), "grad": x.grad.reshape(-1).tolist()}',
      'print(json.dumps(out))',
    ].join('\n'));
    const r = python([path.join(dir, 'run.py'), path.join(dir, 'in.json')]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code, r.output).toBe(0);
    const theirs = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, { y: number[]; grad: number[] }>;
    const worst = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    for (const a of ['none', 'tanh']) {
      const dy = worst(mine[a].y, theirs[a].y);
      const dg = worst(mine[a].grad, theirs[a].grad);
      console.log(`GELU(approximate='${a}'): forward max abs ${dy.toExponential(2)}, gradient max abs ${dg.toExponential(2)}`);
      expect(dy).toBeLessThan(2e-6);
      expect(dg).toBeLessThan(2e-6);
    }
    // The two forms differ by more than the tolerance, so the test tells them apart.
    expect(worst(theirs.none.y, theirs.tanh.y)).toBeGreaterThan(1e-4);
  }, 120_000);
});
