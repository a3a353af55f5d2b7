/**
 * The 'update' program (params, grad, state.*, step → params_out, state_out.*) reuses the
 * optimizer code of 'train': 'grad' followed by 'update' equals one 'train' step.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import type { OptimizerConfig } from '../../../core/graph/document';
import { emitModel } from '../../../core/onnx/emit';
import { createSession, ort } from '../../../core/runtime/session';
import { Rng } from '../../../core/util/rng';
import { template } from './helpers';

const optimizers: OptimizerConfig[] = [
  { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 1e-4 },
  { type: 'adamw', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01 },
];

describe("'update' program", () => {
  for (const optimizer of optimizers) {
    it(`${optimizer.type}: grad then update equals a train step (3 steps, state carried)`, async () => {
      const doc = template('mnist-mlp', { optimizer });
      const check = checkDocument(doc);
      const B = 8;
      const train = buildProgram(doc, 'train', B, check);
      const grad = buildProgram(doc, 'grad', B, check);
      const update = buildProgram(doc, 'update', 1, check);
      expect(update.program.inputs.map((v) => v.name).sort()).toEqual(['grad', 'params', 'step', ...update.stateNames.map((n) => `state.${n}`)].sort());
      expect(update.stateNames).toEqual(train.stateNames);
      const [ts, gs, us] = await Promise.all([train, grad, update].map((c) => createSession(emitModel(c.program), { threads: 1 })));
      const P = train.layout.total;
      let pa: Float32Array = initParams(train.layout, 1);
      let pb: Float32Array = new Float32Array(pa);
      let sa: Float32Array[] = train.stateNames.map(() => new Float32Array(P));
      let sb: Float32Array[] = train.stateNames.map(() => new Float32Array(P));
      const rng = new Rng(5);
      for (let step = 0; step < 3; step++) {
        const x = new ort.Tensor('float32', Float32Array.from({ length: B * 784 }, () => rng.uniform(0, 1)), [B, 1, 28, 28]);
        const y = new ort.Tensor('int64', BigInt64Array.from({ length: B }, () => BigInt(rng.int(10))), [B]);
        const stepT = new ort.Tensor('float32', new Float32Array([step]), []);
        const state = (s: Float32Array[]) => Object.fromEntries(train.stateNames.map((n, i) => [`state.${n}`, new ort.Tensor('float32', s[i], [P])]));
        const a = await ts.run({ params: new ort.Tensor('float32', pa, [P]), x, y, step: stepT, ...state(sa) });
        const g = await gs.run({ params: new ort.Tensor('float32', pb, [P]), x, y });
        expect(Number(g.loss.data[0])).toBeCloseTo(Number(a.loss.data[0]), 6);
        const b = await us.run({ params: new ort.Tensor('float32', pb, [P]), grad: g.grad, step: stepT, ...state(sb) });
        pa = a.params_out.data as Float32Array;
        pb = b.params_out.data as Float32Array;
        sa = train.stateNames.map((n) => a[`state_out.${n}`].data as Float32Array);
        sb = train.stateNames.map((n) => b[`state_out.${n}`].data as Float32Array);
        let worst = 0;
        for (let i = 0; i < P; i++) worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
        expect(worst).toBeLessThan(1e-6);
      }
    });
  }
});
