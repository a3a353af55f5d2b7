/**
 * Train events over Electron IPC: main batches them (core/api/eventBatcher.ts) and the
 * preload acks each batch at the next animation frame, so the page takes in at most one
 * batch per frame however fast the trainer and however slow the page.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { IPC_TRAIN_EVENT, type RunEvent } from '../../core/api/contract';
import { EVENT_BATCH_MS } from '../../core/api/eventBatcher';
import { createPreloadApi } from '../../electron/preloadApi';
import { forwardTrainEvents } from '../../electron/trainEvents';
import { FakeIpcMain, FakeIpcRenderer } from './fakeElectron';

const step = (n: number) => ({ kind: 'step', step: n, epoch: 1, loss: 1, samplesPerSec: 1, elapsedSec: 0, etaSec: 0 }) as RunEvent['event'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A backend stand-in that emits what it is told to. */
function emitter() {
  const cbs = new Set<(e: RunEvent) => void>();
  return {
    onTrainEvent(cb: (e: RunEvent) => void) {
      cbs.add(cb);
      return () => void cbs.delete(cb);
    },
    emit: (e: RunEvent) => cbs.forEach((cb) => cb(e)),
  };
}

/** Animation frames that run only when the test says so (a page whose frames are long). */
function manualFrames() {
  const queued: (() => void)[] = [];
  (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame = (cb: () => void) => queued.push(cb);
  return {
    async frame() {
      queued.splice(0).forEach((cb) => cb());
      await sleep(5); // the ack's invoke round trip and main's send
    },
  };
}

describe('train events over IPC', () => {
  afterEach(() => {
    delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
  });

  it('delivers every event in order, at most one batch per animation frame', async () => {
    const frames = manualFrames();
    const backend = emitter();
    const ipcMain = new FakeIpcMain();
    const renderer = new FakeIpcRenderer(ipcMain);
    let deliveries = 0;
    const send = (ch: string, payload: unknown) => {
      if (ch === IPC_TRAIN_EVENT) deliveries++;
      renderer.deliver(ch, payload);
    };
    const stop = forwardTrainEvents(backend, ipcMain, send);
    const api = createPreloadApi(renderer);
    const got: number[] = [];
    api.onTrainEvent((e) => e.event.kind === 'step' && got.push(e.event.step));

    let n = 0;
    const perFrame: number[] = [];
    for (let f = 0; f < 6; f++) {
      // A long frame: the trainer makes steps for 60 ms, six of them.
      for (let t = 0; t < 6; t++) {
        backend.emit({ runId: 'r', event: step(++n) });
        await sleep(10);
      }
      perFrame.push(deliveries);
      deliveries = 0;
      await frames.frame();
    }
    // The last steps wait out a batching period before they go.
    await sleep(EVENT_BATCH_MS + 30);
    await frames.frame();
    await sleep(EVENT_BATCH_MS + 30);
    await frames.frame();
    expect(Math.max(...perFrame)).toBe(1);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    stop();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('ignores acks from a page that is not the app', async () => {
    const backend = emitter();
    const ipcMain = new FakeIpcMain();
    const renderer = new FakeIpcRenderer(ipcMain, { url: 'https://evil.example/', parent: null });
    let deliveries = 0;
    forwardTrainEvents(backend, ipcMain, (ch, payload) => {
      deliveries++;
      renderer.deliver(ch, payload);
    });
    createPreloadApi(renderer).onTrainEvent(() => {});
    const t0 = Date.now();
    for (let i = 1; i <= 40; i++) {
      backend.emit({ runId: 'r', event: step(i) });
      await sleep(10);
    }
    await sleep(EVENT_BATCH_MS);
    // Not acking, the evil page is treated as a client without flow control: a batch per EVENT_BATCH_MS.
    expect(deliveries).toBeGreaterThan(1);
    expect(deliveries).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / EVENT_BATCH_MS));
  });
});
