/**
 * Gradient clipping by global norm in the update program, against torch.nn.utils.clip_grad_norm_
 * followed by torch.optim.SGD (momentum, weight decay) on the same per-tensor parameters and
 * gradients: some steps clip (gradient norm above max_norm), some do not.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../core/compile/programs';
import { emitModel } from '../../../core/onnx/emit';
import { Rng } from '../../../core/util/rng';
import { chainDoc } from '../../helpers/docs';
import { createSession, ort } from '../onnx/ortHelpers';
import { python, pythonUnavailable } from '../export/pytorch/python';

const MAX_NORM = 1.5;
const SCALES = [0.1, 3, 0.5, 10, 1, 0.01];

describe('clip_grad_norm', () => {
  const missing = pythonUnavailable('torch');
  it.skipIf(!!missing)('equals clip_grad_norm_ + SGD in PyTorch, step by step', async () => {
    const doc = chainDoc([4], [['Linear', { in_features: 4, out_features: 3 }], ['ReLU'], ['Linear', { in_features: 3, out_features: 2 }]], 'CrossEntropyLoss', {
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0.01 },
      clip_grad_norm: MAX_NORM,
    });
    const c = buildProgram(doc, 'update', 1);
    const P = c.layout.total;
    const rng = new Rng(5);
    const p0 = Float32Array.from({ length: P }, () => rng.uniform(-1, 1));
    const grads = SCALES.map((s) => Float32Array.from({ length: P }, () => Math.fround(s * rng.uniform(-1, 1))));
    const session = await createSession(emitModel(c.program));
    let params: Float32Array = p0;
    let buf: Float32Array = new Float32Array(P);
    const ours: number[][] = [];
    for (let t = 0; t < grads.length; t++) {
      const out = await session.run({
        params: new ort.Tensor('float32', params, [P]),
        grad: new ort.Tensor('float32', grads[t], [P]),
        'opt.momentum_buffer': new ort.Tensor('float32', buf, [P]),
        step: new ort.Tensor('float32', Float32Array.of(t), []),
        lr: new ort.Tensor('float32', Float32Array.of(0.1), []),
      });
      params = out.params_out.data as Float32Array;
      buf = out['opt.momentum_buffer_out'].data as Float32Array;
      ours.push(Array.from(params));
    }
    await session.release();

    const script = `
import json, sys, torch
torch.set_num_threads(1)
d = json.load(sys.stdin)
flat = torch.tensor(d['p0'], dtype=torch.float32)
ps, at = [], 0
for shape in d['shapes']:
    n = 1
    for s in shape: n *= s
    ps.append(torch.nn.Parameter(flat[at:at + n].clone().reshape(shape))); at += n
opt = torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01)
out = []
for g in d['grads']:
    g = torch.tensor(g, dtype=torch.float32); at = 0
    for p in ps:
        p.grad = g[at:at + p.numel()].clone().reshape(p.shape); at += p.numel()
    torch.nn.utils.clip_grad_norm_(ps, ${MAX_NORM})
    opt.step()
    out.append(torch.cat([p.detach().reshape(-1) for p in ps]).tolist())
json.dump(out, sys.stdout)`;
    const r = python(['-c', script], { input: JSON.stringify({ p0: Array.from(p0), shapes: c.layout.slots.map((s) => s.shape), grads: grads.map((g) => Array.from(g)) }) });
    expect(r.code, r.output).toBe(0);
    const theirs = JSON.parse(r.stdout) as number[][];
    let worst = 0;
    ours.forEach((row, t) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[t][i])))));
    console.log(`clip_grad_norm + SGD vs PyTorch over ${SCALES.length} steps: max |Δparam| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('is left out of the graph when not set', () => {
    const doc = chainDoc([4], [['Linear', { in_features: 4, out_features: 2 }]]);
    const names = (d: typeof doc) => buildProgram(d, 'train', 2).program.nodes.map((n) => n.name ?? '').join(' ');
    expect(names(doc)).not.toMatch(/clip_grad_norm/);
    expect(names({ ...doc, training: { ...doc.training, clip_grad_norm: 1 } })).toMatch(/clip_grad_norm/);
  });
});
