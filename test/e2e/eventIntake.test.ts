/**
 * The page takes in at most one batch of training events per animation frame, however slow
 * its frames: a real MNIST MLP run in Chromium against `wiregrad serve`, on a page made slow
 * on purpose (every frame busy for longer than the server's batching period, as on a badly
 * loaded machine), counting the event socket's messages between frames. Without flow control
 * the server's batches piled up several to a frame there.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_TIMEOUT_MS, EVENT_BATCH_MS } from '../../core/api/eventBatcher';
import { e2eUnavailable, launchBrowser, openApp, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e event intake tests skipped: ${why}`);

/** Longer than a batching period, so batches would pile up without flow control. */
const BUSY_FRAME_MS = EVENT_BATCH_MS + 50;
const EPOCHS = 5;

/** Installed before the app loads: socket messages per frame, and frames made slow. */
function slowPageProbe(busyMs: number): void {
  const w = window as unknown as { __probe: { perFrame: number[]; gapMs: number[]; steps: number } };
  const probe = { perFrame: [] as number[], gapMs: [] as number[], steps: 0 };
  w.__probe = probe;
  let thisFrame = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    probe.perFrame.push(thisFrame);
    probe.gapMs.push(now - last);
    last = now;
    thisFrame = 0;
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      /* a slow frame */
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (m: MessageEvent) => {
        const msg = JSON.parse(m.data as string) as { type: string; events?: { kind: string }[] };
        if (msg.type !== 'train-batch') return;
        thisFrame++;
        probe.steps += msg.events!.filter((e) => e.kind === 'step').length;
      });
    }
  } as typeof WebSocket;
}

describe.skipIf(!!why)('training events in the page', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.addInitScript({ content: `(${slowPageProbe.toString()})(${BUSY_FRAME_MS});` });
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('reach a slow page at most one batch per animation frame, every step included', async () => {
    await page.getByRole('button', { name: /Template MNIST MLP/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-node-id]').length > 3);
    const tab = page.getByRole('tab', { name: 'Training' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    const epochs = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
    await epochs.fill(String(EPOCHS));
    await epochs.press('Tab');
    await page.evaluate(() => {
      const probe = (window as unknown as { __probe: { perFrame: number[]; gapMs: number[] } }).__probe;
      probe.perFrame.length = 0;
      probe.gapMs.length = 0;
    });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 90_000 }).toBe('Completed');
    const probe = await page.evaluate(() => (window as unknown as { __probe: { perFrame: number[]; gapMs: number[]; steps: number } }).__probe);
    const batches = probe.perFrame.reduce((a, b) => a + b, 0);
    console.log(`e2e: ${batches} batches over ${probe.perFrame.length} frames of ≥ ${BUSY_FRAME_MS} ms (longest ${Math.round(Math.max(...probe.gapMs))} ms), at most ${Math.max(...probe.perFrame)} in one; ${probe.steps} steps`);
    // Enough batches for a pile-up to have shown, and all 938 steps of each epoch (60000 / 64) delivered.
    expect(batches).toBeGreaterThanOrEqual(4);
    expect(probe.steps).toBe(938 * EPOCHS);
    // One batch per frame; only a frame longer than the ack timeout may have been sent another
    // (the server stops waiting for an ack then, so a page whose frames stopped still gets news).
    const allowed = probe.gapMs.map((g) => 1 + Math.floor(g / ACK_TIMEOUT_MS));
    expect(probe.perFrame.filter((n, i) => n > allowed[i])).toEqual([]);
    await expect.poll(async () => (await page.getByTestId('run-step').innerText()).replace(/\D/g, '')).toBe(`${938 * EPOCHS}${938 * EPOCHS}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
