import { checkDocument } from '../check/check';
import { initParams } from '../compile/paramLayout';
import { buildProgram } from '../compile/programs';
import { defaultOptimizer, type ProjectDocument } from '../graph/document';
import { ModelRunner } from '../runtime/modelRunner';
import type { SessionOptions } from '../runtime/session';
import { Rng } from '../util/rng';

export interface ThroughputResult {
  model: string;
  batch: number;
  optimizer: string;
  samples_per_s: number;
  ms_per_step: number;
  steps: number;
}

/**
 * Training throughput of the fused step on random data of the model's shape: the same
 * work as PyTorch's zero_grad/forward/backward/step loop, parameters round-tripping host
 * memory every step as they do in a real run. Warm-up steps are excluded.
 */
export async function measureThroughput(
  model: string,
  base: ProjectDocument,
  batch: number,
  optimizer: 'sgd' | 'adam',
  seconds: number,
  session: SessionOptions = {},
): Promise<ThroughputResult> {
  const opt = optimizer === 'sgd' ? { ...defaultOptimizer('sgd'), lr: 0.01 } : defaultOptimizer('adam');
  const doc: ProjectDocument = { ...base, training: { ...base.training, batch_size: batch, optimizer: opt } };
  const check = checkDocument(doc);
  const compiled = buildProgram(doc, 'train', batch, check);
  const runner = new ModelRunner(doc, check, initParams(compiled.layout, 0), compiled.stateNames, session);
  const rng = new Rng(7);
  const sample = compiled.sampleShape.reduce((a, d) => a * d, 1);
  const x = Float32Array.from({ length: batch * sample }, () => rng.uniform(-1, 1));
  const y = BigInt64Array.from({ length: batch }, () => BigInt(rng.int(10)));
  try {
    for (let i = 0; i < 5; i++) await runner.trainStep(x, y, batch);
    let steps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await runner.trainStep(x, y, batch);
      steps++;
    }
    const ms = (performance.now() - t0) / steps;
    return { model, batch, optimizer, samples_per_s: (batch * 1000) / ms, ms_per_step: ms, steps };
  } finally {
    await runner.release();
  }
}
