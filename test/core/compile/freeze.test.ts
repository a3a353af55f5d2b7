/**
 * Frozen layers (node.trainable = false, PyTorch's requires_grad=False): training leaves
 * their parameters bit for bit as they were, whatever the optimizer (decoupled weight decay
 * included), while the other layers learn; their BatchNorm statistics still update.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initParams, paramLayout } from '../../../core/compile/paramLayout';
import { defaultOptimizer, type ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { train } from '../../../core/train/trainer';

const template = path.resolve(__dirname, '../../../assets/templates/mnist-mlp.wiregrad.json');

function frozenMlp(optimizer: 'sgd' | 'adamw', replicas = 1): ProjectDocument {
  const doc = parseDocument(fs.readFileSync(template, 'utf8'));
  doc.nodes = doc.nodes.map((n) => (n.id === 'fc1' ? { ...n, trainable: false } : n));
  const opt = optimizer === 'sgd' ? { ...defaultOptimizer('sgd'), momentum: 0.9, weight_decay: 0.01 } : { ...defaultOptimizer('adamw'), lr: 0.01 };
  doc.training = { ...doc.training, dataset: { kind: 'random', samples: 128, classes: 10 }, batch_size: 32, epochs: 1, optimizer: opt as never, device: replicas > 1 ? `cpu:${replicas}` : 'cpu', validation_split: 0 };
  return doc;
}

describe('trainable: false', () => {
  it.each([['sgd', 1], ['adamw', 1], ['sgd', 2]] as const)('%s (%i replica): frozen fc1 stays bit-identical, fc2 and fc3 change', async (optimizer, replicas) => {
    const doc = frozenMlp(optimizer, replicas);
    const layout = paramLayout(doc, checkDocument(doc));
    const before = initParams(layout, doc.training.seed);
    const { state, done } = await train(doc, { maxSteps: 4, evaluateEachEpoch: false, stepsPerRun: 2, prefetch: false });
    expect(done.steps).toBe(4);
    for (const s of layout.slots) {
      const a = before.subarray(s.offset, s.offset + s.size);
      const b = state.params.subarray(s.offset, s.offset + s.size);
      if (s.nodeId === 'fc1') expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength)), s.name).toBe(true);
      else expect(b.some((v, i) => v !== a[i]), `${s.name} should train`).toBe(true);
    }
  }, 120_000);

  it('the project file keeps the flag; a wrong type is a document error', () => {
    const doc = frozenMlp('sgd');
    expect(parseDocument(JSON.stringify(doc)).nodes.find((n) => n.id === 'fc1')!.trainable).toBe(false);
    const bad = JSON.parse(JSON.stringify(doc));
    bad.nodes[2].trainable = 'no';
    expect(() => parseDocument(JSON.stringify(bad))).toThrow(/trainable|true or false/);
  });
});
