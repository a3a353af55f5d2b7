/**
 * ORT's graph optimizations are skipped for very large models only (their cost grows faster
 * than the graph; core/runtime/session.ts graphOptimizationFor), and skipping them does not
 * change what a training step computes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initBuffers, initParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { numel } from '../../../core/ir/ir';
import { emitModel } from '../../../core/onnx/emit';
import { emitLoopModel } from '../../../core/onnx/loop';
import { ModelRunner } from '../../../core/runtime/modelRunner';
import { graphOptimizationFor, GRAPH_OPTIMIZATION_NODE_LIMIT } from '../../../core/runtime/session';
import { initialTrainState } from '../../../core/runtime/trainState';
import { Rng } from '../../../core/util/rng';
import { chainDoc } from '../../helpers/docs';

const deep = (layers: number): ProjectDocument => {
  const specs: [string, Record<string, number>?][] = [];
  for (let i = 0; i < layers; i++) specs.push(i % 2 ? ['ReLU'] : ['Linear', { out_features: 16 }]);
  specs.push(['Linear', { out_features: 10 }]);
  return chainDoc([16], specs, 'CrossEntropyLoss', { dataset: { kind: 'random', samples: 64, classes: 10 }, batch_size: 8, device: 'cpu:1' });
};
const trainModel = (doc: ProjectDocument) => buildProgram(doc, 'train', doc.training.batch_size, checkDocument(doc));

const saved = process.env.WIREGRAD_ORT_OPT;
afterEach(() => {
  if (saved === undefined) delete process.env.WIREGRAD_ORT_OPT;
  else process.env.WIREGRAD_ORT_OPT = saved;
});

describe('graph optimization level per model', () => {
  it('keeps all optimizations for the templates, skips them for a 1,000-layer chain and its K-step Loop', () => {
    delete process.env.WIREGRAD_ORT_OPT;
    for (const name of ['mnist-mlp', 'mnist-lenet', 'cifar-resnet8']) {
      const doc = parseDocument(fs.readFileSync(path.resolve(__dirname, '../../../assets/templates', `${name}.wiregrad.json`), 'utf8'));
      expect(graphOptimizationFor(emitModel(trainModel(doc).program, { fastKernels: true })), name).toBe('all');
    }
    const c = trainModel(deep(1000));
    const step = emitModel(c.program, { fastKernels: true });
    expect(graphOptimizationFor(step)).toBe('disabled');
    expect(graphOptimizationFor(emitLoopModel(c.program, c.signature, 4, { fastKernels: true }))).toBe('disabled');
    // Just under the limit stays optimized: the count is of nodes, not bytes.
    const under = trainModel(deep(Math.floor(GRAPH_OPTIMIZATION_NODE_LIMIT / 20)));
    expect(graphOptimizationFor(emitModel(under.program, { fastKernels: true }))).toBe('all');
    process.env.WIREGRAD_ORT_OPT = 'basic';
    expect(graphOptimizationFor(step)).toBe('basic');
  });

  it('a deep chain trains to the same losses with and without them', async () => {
    const doc = deep(600);
    const c = trainModel(doc);
    const rng = new Rng(4);
    const x = Float32Array.from({ length: 8 * numel(c.sampleShape) }, () => rng.uniform(-1, 1));
    const y = BigInt64Array.from({ length: 8 }, () => BigInt(rng.int(10)));
    const losses = async (level: string) => {
      process.env.WIREGRAD_ORT_OPT = level;
      const runner = new ModelRunner(doc, checkDocument(doc), initialTrainState(initParams(c.layout, 1), initBuffers(c.buffers), c.optStateKeys), { threads: 1 });
      try {
        const out: number[] = [];
        for (let s = 0; s < 3; s++) out.push((await runner.trainStep(x, y, 8, 0.1)).loss);
        return out;
      } finally {
        await runner.release();
      }
    };
    const optimized = await losses('all');
    const plain = await losses('disabled');
    for (let s = 0; s < 3; s++) expect(Math.abs(plain[s] - optimized[s])).toBeLessThan(1e-6 * Math.abs(optimized[s]));
  });
});
