/**
 * Optimizers as graph nodes: a tiny program with one flat parameter vector, the gradient fed
 * as an input, run step by step on ONNX Runtime and compared with PyTorch's update rules
 * iterated by hand in float64 (torch.optim.SGD / Adam / AdamW, non-amsgrad, maximize=False).
 */
import { describe, expect, it } from 'vitest';
import { defaultOptimizer, type AdamConfig, type OptimizerConfig, type SgdConfig } from '../../../core/graph/document';
import { Builder } from '../../../core/ir/builder';
import { CompileError } from '../../../core/ir/errors';
import { emitModel } from '../../../core/onnx/emit';
import { getOptimizer } from '../../../core/optim/index';
import { Rng } from '../../../core/util/rng';
import { createSession, ort } from '../onnx/ortHelpers';

const N = 7;
const STEPS = 6;
const TOL = 1e-6;

/** Parameters and a different gradient per step, float32-representable. */
function problem(seed: number): { p0: number[]; grads: number[][] } {
  const rng = new Rng(seed);
  const vec = () => Array.from({ length: N }, () => Math.fround(rng.uniform(-1, 1)));
  return { p0: vec(), grads: Array.from({ length: STEPS }, vec) };
}

/** Runs the optimizer graph STEPS times on ORT, feeding params/state/step back in. */
async function runGraph(cfg: OptimizerConfig, p0: number[], grads: number[][]): Promise<number[][]> {
  const opt = getOptimizer(cfg);
  const names = opt.stateNames(cfg);
  const b = new Builder();
  const p = b.input('params', [N]);
  const g = b.input('grad', [N]);
  const state = names.map((n) => b.input(`state.${n}`, [N]));
  const step = b.input('step', []);
  const lr = b.input('lr', []);
  const upd = b.inScope(`optimizer.${cfg.type}`, () => opt.update(b, cfg, { params: p, grad: g, state, step, lr }));
  b.output('params_out', upd.params);
  upd.state.forEach((s, i) => b.output(`state_out.${names[i]}`, s));
  expect(upd.state).toHaveLength(names.length);

  const session = await createSession(emitModel(b.program()));
  let params: Float32Array = Float32Array.from(p0);
  let st: Float32Array[] = names.map(() => new Float32Array(N));
  const trajectory: number[][] = [];
  for (let t = 0; t < grads.length; t++) {
    const feeds: Record<string, ort.Tensor> = {
      params: new ort.Tensor('float32', params, [N]),
      grad: new ort.Tensor('float32', Float32Array.from(grads[t]), [N]),
      step: new ort.Tensor('float32', new Float32Array([t]), []),
      lr: new ort.Tensor('float32', new Float32Array([cfg.lr]), []),
    };
    names.forEach((n, i) => (feeds[`state.${n}`] = new ort.Tensor('float32', st[i], [N])));
    const out = await session.run(feeds);
    params = out.params_out.data as Float32Array;
    st = names.map((n) => out[`state_out.${n}`].data as Float32Array);
    trajectory.push(Array.from(params));
  }
  await session.release();
  return trajectory;
}

/** torch.optim.SGD.step, one parameter tensor. */
function torchSgd(cfg: SgdConfig, p0: number[], grads: number[][]): number[][] {
  const p = [...p0];
  let buf: number[] | null = null;
  const out: number[][] = [];
  for (const g of grads) {
    let d = g.map((gi, i) => gi + cfg.weight_decay * p[i]);
    if (cfg.momentum !== 0) {
      buf = buf === null ? [...d] : buf.map((bi, i) => cfg.momentum * bi + (1 - cfg.dampening) * d[i]);
      const bb = buf;
      d = cfg.nesterov ? d.map((di, i) => di + cfg.momentum * bb[i]) : [...bb];
    }
    for (let i = 0; i < N; i++) p[i] -= cfg.lr * d[i];
    out.push([...p]);
  }
  return out;
}

/** torch.optim.Adam / AdamW.step (amsgrad=False), one parameter tensor. */
function torchAdam(cfg: AdamConfig, p0: number[], grads: number[][]): number[][] {
  const [b1, b2] = cfg.betas;
  const p = [...p0];
  const m = new Array<number>(N).fill(0);
  const v = new Array<number>(N).fill(0);
  const out: number[][] = [];
  grads.forEach((g0, k) => {
    const t = k + 1;
    let g = g0;
    if (cfg.type === 'adamw') for (let i = 0; i < N; i++) p[i] *= 1 - cfg.lr * cfg.weight_decay;
    else g = g0.map((gi, i) => gi + cfg.weight_decay * p[i]);
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    for (let i = 0; i < N; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + cfg.eps;
      p[i] -= (cfg.lr / bc1) * (m[i] / denom);
    }
    out.push([...p]);
  });
  return out;
}

function expectTrajectory(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, t) =>
    row.forEach((x, i) => expect(Math.abs(x - expected[t][i]), `step ${t + 1}, element ${i}: ${x} vs ${expected[t][i]}`).toBeLessThan(TOL)),
  );
}

const sgd = (over: Partial<SgdConfig>): SgdConfig => ({ ...(defaultOptimizer('sgd') as SgdConfig), lr: 0.1, ...over });
const adam = (type: 'adam' | 'adamw', over: Partial<AdamConfig>): AdamConfig => ({ ...(defaultOptimizer(type) as AdamConfig), lr: 0.01, ...over });

describe('SGD matches torch.optim.SGD', () => {
  const cases: [string, SgdConfig][] = [
    ['plain', sgd({})],
    ['momentum 0.9', sgd({ momentum: 0.9 })],
    ['momentum 0.9 dampening 0.5 (first step: buf = grad)', sgd({ momentum: 0.9, dampening: 0.5 })],
    ['nesterov momentum 0.9', sgd({ momentum: 0.9, nesterov: true })],
    ['weight_decay 0.1', sgd({ weight_decay: 0.1 })],
    ['momentum, dampening, nesterov and weight_decay together', sgd({ lr: 0.05, momentum: 0.8, dampening: 0.3, nesterov: true, weight_decay: 0.01 })],
  ];
  it.each(cases)('%s', async (_name, cfg) => {
    const { p0, grads } = problem(11);
    expectTrajectory(await runGraph(cfg, p0, grads), torchSgd(cfg, p0, grads));
  });

  it('with dampening, the first step uses the undampened gradient', async () => {
    const cfg = sgd({ lr: 1, momentum: 0.9, dampening: 0.5 });
    const p0 = new Array<number>(N).fill(0);
    const g = new Array<number>(N).fill(1);
    const [first, second] = await runGraph(cfg, p0, [g, g]);
    expect(first[0]).toBeCloseTo(-1, 6); // buf = g
    expect(second[0]).toBeCloseTo(-1 - (0.9 + 0.5), 6); // buf = 0.9·1 + (1−0.5)·1
  });

  it('keeps a momentum buffer only when momentum is set', () => {
    expect(getOptimizer(sgd({})).stateNames(sgd({}))).toEqual([]);
    expect(getOptimizer(sgd({ momentum: 0.9 })).stateNames(sgd({ momentum: 0.9 }))).toEqual(['momentum_buffer']);
  });
});

describe('Adam and AdamW match torch.optim', () => {
  const cases: [string, AdamConfig][] = [
    ['Adam with bias correction', adam('adam', {})],
    ['Adam betas (0.8, 0.99), eps 1e-6', adam('adam', { betas: [0.8, 0.99], eps: 1e-6 })],
    ['Adam with L2 weight_decay 0.1 (added to the gradient)', adam('adam', { weight_decay: 0.1 })],
    ['AdamW with decoupled weight_decay 0.1', adam('adamw', { lr: 0.01, weight_decay: 0.1 })],
    ['AdamW default weight_decay 0.01', adam('adamw', {})],
  ];
  it.each(cases)('%s', async (_name, cfg) => {
    const { p0, grads } = problem(23);
    expectTrajectory(await runGraph(cfg, p0, grads), torchAdam(cfg, p0, grads));
  });

  it('Adam and AdamW differ when weight decay is on (decoupled vs. L2)', async () => {
    const { p0, grads } = problem(5);
    const a = await runGraph(adam('adam', { lr: 0.05, weight_decay: 0.5 }), p0, grads);
    const w = await runGraph(adam('adamw', { lr: 0.05, weight_decay: 0.5 }), p0, grads);
    expect(Math.max(...a[STEPS - 1].map((x, i) => Math.abs(x - w[STEPS - 1][i])))).toBeGreaterThan(1e-3);
  });

  it('the first Adam step moves every parameter by about lr (bias correction)', async () => {
    const cfg = adam('adam', { lr: 0.01 });
    const { p0, grads } = problem(9);
    const [first] = await runGraph(cfg, p0, grads.slice(0, 1));
    first.forEach((x, i) => expect(Math.abs(Math.abs(x - p0[i]) - 0.01)).toBeLessThan(1e-6));
  });

  // 1 − β^t must not be computed as 1 − Pow(β, t) in float32: for β2 = 0.999 that cancels to a
  // ~1e-5 relative error per step. lr = 1 and one step amplify any such error (core/optim/biasCorrection.ts).
  it('bias correction is exact to float32 precision (first step moves each parameter by lr·|g|/(|g|+eps))', async () => {
    const cfg = adam('adam', { lr: 1 });
    const { p0, grads } = problem(31);
    const [first] = await runGraph(cfg, p0, grads.slice(0, 1));
    expectTrajectory([first], torchAdam(cfg, p0, grads.slice(0, 1)));
  });

  it('state names are exp_avg and exp_avg_sq', () => {
    expect(getOptimizer(adam('adam', {})).stateNames(adam('adam', {}))).toEqual(['exp_avg', 'exp_avg_sq']);
  });
});

it('an unknown optimizer type is a named compile error', () => {
  expect(() => getOptimizer({ type: 'rmsprop' } as unknown as OptimizerConfig)).toThrow(CompileError);
});
