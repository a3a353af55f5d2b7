/**
 * "Open ONNX…" through the web-mode stack with the real core: the browser's upload (base64)
 * → HTTP → backend import; the imported weights export under the import's id (the model
 * computes what the uploaded one does) and start a training run; a corrupt upload is one
 * clear IMPORT_* error. Training needs the bundled worker (dist/, `npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/api/contract';
import type { HttpClient } from '../../../core/api/httpClient';
import { startRealStack, type RealStack } from './realStack';
import { Rng } from '../../../core/util/rng';
import { modelBytes, tinyConvNet, upsampled } from '../import/onnx/build';
import { relativeDiff } from '../import/onnx/fixtures';
import { createSession, ort } from '../onnx/ortHelpers';
import { REPO } from './fakes';

const workerBuilt = existsSync(join(REPO, 'dist', 'train-worker.cjs'));

async function outputs(bytes: Uint8Array, x: Float32Array): Promise<Float32Array> {
  const s = await createSession(bytes);
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [2, 1, 6, 6]) });
  await s.release();
  return out[s.outputNames[0]].data as Float32Array;
}

describe('importOnnx over HTTP (web mode upload)', () => {
  let api: HttpClient;
  let real: RealStack;
  const model = modelBytes(tinyConvNet());

  beforeAll(async () => {
    real = await startRealStack('wiregrad-import-api-');
    ({ api } = real);
  });

  afterAll(() => real?.close());

  it('imports the upload; export under the import id reproduces the uploaded model', async () => {
    const r = await api.importOnnx({ base64: Buffer.from(model).toString('base64'), fileName: 'tiny.onnx' });
    expect(r.doc.name).toBe('tiny');
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2d', 'MaxPool2d', 'Flatten', 'Linear', 'CrossEntropyLoss']);
    expect(r.runId).toMatch(/^import-/);
    const exported = await api.exportOnnx(r.doc, { runId: r.runId });
    expect(exported.trained).toBe(true);
    const rng = new Rng(3);
    const x = Float32Array.from({ length: 72 }, () => rng.uniform(0, 1));
    expect(relativeDiff(await outputs(exported.bytes!, x), await outputs(model, x))).toBeLessThanOrEqual(1e-5);
    // Another graph no longer fits the imported weights.
    const changed = { ...r.doc, nodes: r.doc.nodes.map((n) => (n.type === 'Conv2d' ? { ...n, params: { ...n.params, out_channels: 3 } } : n)) };
    changed.nodes = changed.nodes.map((n) => (n.type === 'Linear' ? { ...n, params: { ...n.params, in_features: 27 } } : n));
    const fresh = await api.exportOnnx(changed, { runId: r.runId });
    expect(fresh.trained).toBe(false);
    expect(fresh.untrainedReason).toMatch(/graph changed since the import/);
  });

  it.skipIf(!workerBuilt)('a run starts from the imported weights (initialRunId)', async () => {
    const r = await api.importOnnx({ base64: Buffer.from(model).toString('base64'), fileName: 'tiny.onnx' });
    const doc = { ...r.doc, training: { ...r.doc.training, dataset: { kind: 'random' as const, samples: 16, classes: 3 }, batch_size: 8 } };
    let resolveDone!: (e: RunEvent) => void;
    const done = new Promise<RunEvent>((res) => (resolveDone = res));
    const off = api.onTrainEvent((e) => (e.event.kind === 'done' || e.event.kind === 'error') && resolveDone(e));
    await api.startTraining(doc, { steps: 2, initialRunId: r.runId });
    const last = await done;
    off();
    expect(last.event.kind, JSON.stringify(last.event)).toBe('done');
  }, 60_000);

  it('an op without a shape rule (Resize) gets its shape from a probe run on the export worker, so the layers after it map', async () => {
    const r = await api.importOnnx({ base64: Buffer.from(modelBytes(upsampled([2, 3]))).toString('base64'), fileName: 'resize.onnx' });
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2d', 'OnnxOp', 'OnnxOp', 'Linear', 'CrossEntropyLoss']);
    const exported = await api.exportOnnx(r.doc, { runId: r.runId });
    expect(exported.trained).toBe(true);
  });

  it('a corrupt upload is one clear error', async () => {
    await expect(api.importOnnx({ base64: Buffer.from(model.subarray(0, 100)).toString('base64'), fileName: 'half.onnx' })).rejects.toMatchObject({ code: expect.stringMatching(/^IMPORT_/) });
    await expect(api.importOnnx({})).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
