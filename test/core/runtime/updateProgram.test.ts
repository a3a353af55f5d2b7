/**
 * The 'update' program reuses the optimizer code of 'train': 'grad' followed by 'update'
 * equals one 'train' step. Both are driven only through their signatures (roles), the way
 * the executors drive them.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initBuffers, initParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import { carriedPairs, findOutput } from '../../../core/compile/signature';
import type { OptimizerConfig } from '../../../core/graph/document';
import { emitModel } from '../../../core/onnx/emit';
import { absorbOutputs, feedsFor } from '../../../core/runtime/bind';
import { createSession } from '../../../core/runtime/session';
import { cloneTrainState, initialTrainState } from '../../../core/runtime/trainState';
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
      const roles = (c: typeof train, side: 'inputs' | 'outputs') => c.signature[side].map((p) => `${p.role}${p.key ? `:${p.key}` : ''}`).sort();
      const opt = train.optStateKeys.map((k) => `optState:${k}`);
      expect(roles(update, 'inputs')).toEqual(['grad', 'lr', 'params', 'step', ...opt].sort());
      expect(roles(update, 'outputs')).toEqual(['params', 'step', ...opt].sort());
      expect(roles(train, 'inputs')).toEqual(['lr', 'params', 'step', 'x', 'y', ...opt].sort());
      expect(roles(grad, 'outputs')).toEqual(['correct', 'grad', 'loss']);
      expect(update.optStateKeys).toEqual(train.optStateKeys);
      const [ts, gs, us] = await Promise.all([train, grad, update].map((c) => createSession(emitModel(c.program), { threads: 1 })));
      const a = initialTrainState(initParams(train.layout, 1), initBuffers(train.buffers), train.optStateKeys);
      const b = cloneTrainState(a);
      const rng = new Rng(5);
      for (let step = 0; step < 3; step++) {
        const x = Float32Array.from({ length: B * 784 }, () => rng.uniform(0, 1));
        const y = BigInt64Array.from({ length: B }, () => BigInt(rng.int(10)));
        const outA = await ts.run(feedsFor(train.signature, a, { x, y, lr: optimizer.lr }));
        absorbOutputs(carriedPairs(train.signature), a, outA);
        const g = await gs.run(feedsFor(grad.signature, b, { x, y }));
        expect(Number(g.loss.data[0])).toBeCloseTo(Number(outA.loss.data[0]), 6);
        const outB = await us.run(feedsFor(update.signature, b, { grad: g[findOutput(grad.signature, 'grad')!.name].data as Float32Array, lr: optimizer.lr }));
        absorbOutputs(carriedPairs(update.signature), b, outB);
        expect(a.step).toBe(step + 1);
        expect(b.step).toBe(step + 1);
        let worst = 0;
        for (let i = 0; i < a.params.length; i++) worst = Math.max(worst, Math.abs(a.params[i] - b.params[i]));
        expect(worst).toBeLessThan(1e-6);
      }
    });
  }
});
