/**
 * The bench's ResNet-8 (flat: Add, BatchNorm2d, AdaptiveAvgPool2d): checks clean with the
 * parameter and buffer counts of its PyTorch twin in scripts/pytorch/bench.py (78,042
 * parameters; 672 running statistics), and trains: a few SGD steps on a repeated batch lower the loss.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { bufferLayout } from '../../../core/compile/paramLayout';
import { loadBenchModel } from '../../../core/bench/models';
import { initBuffers, initParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import { ModelRunner } from '../../../core/runtime/modelRunner';
import { initialTrainState } from '../../../core/runtime/trainState';
import { Rng } from '../../../core/util/rng';

describe('ResNet-8 bench model', () => {
  const doc = loadBenchModel('resnet8');

  it('checks clean: 78,042 parameters and 672 running statistics, as torch counts them', () => {
    const check = checkDocument(doc);
    expect(check.diagnostics).toEqual([]);
    expect(check.totalParams).toBe(78042);
    const running = bufferLayout(doc, check).slots.filter((s) => s.role.startsWith('running_'));
    expect(running.reduce((a, s) => a + s.size, 0)).toBe(672);
    expect(doc.nodes.filter((n) => n.type === 'Add')).toHaveLength(3);
    expect(check.nodes.pool.outputs.out!.shape).toEqual([64, 1, 1]);
  });

  it('trains: the loss on a repeated batch goes down', async () => {
    const batch = 8;
    const d = { ...doc, training: { ...doc.training, batch_size: batch, optimizer: { ...doc.training.optimizer, lr: 0.05 } } };
    const check = checkDocument(d);
    const c = buildProgram(d, 'train', batch, check);
    const runner = new ModelRunner(d, check, initialTrainState(initParams(c.layout, 1), initBuffers(c.buffers), c.optStateKeys), { threads: 1 });
    const rng = new Rng(2);
    const x = Float32Array.from({ length: batch * 3072 }, () => rng.uniform(-1, 1));
    const y = BigInt64Array.from({ length: batch }, (_, i) => BigInt(i % 10));
    try {
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) losses.push((await runner.trainStep(x, y, batch, 0.05)).loss);
      expect(losses.at(-1)!).toBeLessThan(losses[0]);
    } finally {
      await runner.release();
    }
  }, 120_000);
});
