/**
 * The whole web-mode stack with the real core: HTTP client → server → backend → training
 * worker (onnxruntime-node) → events over the WebSocket → ONNX export that onnxruntime
 * loads and runs. Needs the bundled worker (dist/train-worker.cjs from `npm run build`).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/api/contract';
import type { HttpClient } from '../../../core/api/httpClient';
import { REPO } from './fakes';
import { startRealStack, type RealStack } from './realStack';

const workerBuilt = existsSync(join(REPO, 'dist', 'train-worker.cjs'));

describe.skipIf(!workerBuilt)('web mode with the real core', () => {
  let stack: RealStack;
  let dir: string;
  let api: HttpClient;

  beforeAll(async () => {
    stack = await startRealStack('wiregrad-real-');
    ({ dir, api } = stack);
  });

  afterAll(() => stack?.close());

  it('trains the MNIST MLP a few steps, streams events and exports a model ORT can run', async () => {
    const mlp = (await api.listTemplates()).find((t) => t.id === 'mnist-mlp')!.doc;
    const events: RunEvent[] = [];
    let resolveDone!: (e: RunEvent) => void;
    const done = new Promise<RunEvent>((r) => (resolveDone = r));
    const off = api.onTrainEvent((e) => {
      events.push(e);
      if (e.event.kind === 'done' || e.event.kind === 'error') resolveDone(e);
    });
    const { runId } = await api.startTraining(mlp, { steps: 10 });
    const last = await done;
    off();
    expect(last.event.kind, JSON.stringify(last.event)).toBe('done');
    const mine = events.filter((e) => e.runId === runId).map((e) => e.event);
    expect(mine[0].kind).toBe('start');
    const steps = mine.filter((e) => e.kind === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.kind === 'step' && Number.isFinite(s.loss))).toBe(true);

    const exported = await api.exportOnnx(mlp, { path: join(dir, 'mlp.onnx'), runId });
    expect(exported.trained).toBe(true);
    const session = await InferenceSession.create(exported.path!);
    const input = new Tensor('float32', new Float32Array(2 * 784), [2, 1, 28, 28]);
    const out = await session.run({ [session.inputNames[0]]: input });
    expect(out[session.outputNames[0]].dims).toEqual([2, 10]);
  }, 120_000);
});
