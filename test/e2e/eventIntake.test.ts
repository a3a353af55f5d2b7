/**
 * The page takes in at most one batch of training events per animation frame, however slow
 * its frames: a real MNIST MLP run in Chromium against `wiregrad serve`, on a page made slow
 * on purpose (every frame busy for 60 ms, as on a loaded machine), counting the event
 * socket's messages between frames. Without flow control the server's 16 ms batches piled up
 * several to a frame there.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eUnavailable, launchBrowser, openApp, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e event intake tests skipped: ${why}`);

const BUSY_FRAME_MS = 60;

/** Installed before the app loads: socket messages per frame, and frames made slow. */
function slowPageProbe(busyMs: number): void {
  const w = window as unknown as { __probe: { perFrame: number[]; steps: number } };
  const probe = { perFrame: [] as number[], steps: 0 };
  w.__probe = probe;
  let thisFrame = 0;
  const tick = () => {
    probe.perFrame.push(thisFrame);
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
    await epochs.fill('1');
    await epochs.press('Tab');
    await page.evaluate(() => ((window as unknown as { __probe: { perFrame: number[] } }).__probe.perFrame.length = 0));
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 60_000 }).toBe('Completed');
    const probe = await page.evaluate(() => (window as unknown as { __probe: { perFrame: number[]; steps: number } }).__probe);
    const batches = probe.perFrame.reduce((a, b) => a + b, 0);
    console.log(`e2e: ${batches} batches over ${probe.perFrame.length} frames of ≥ ${BUSY_FRAME_MS} ms, at most ${Math.max(...probe.perFrame)} in one; ${probe.steps} steps`);
    // Enough batches for a pile-up to have shown, and all 938 steps of the epoch (60000 / 64) delivered.
    expect(batches).toBeGreaterThan(5);
    expect(probe.steps).toBe(938);
    expect(Math.max(...probe.perFrame)).toBe(1);
    await expect.poll(() => page.getByTestId('run-step').innerText()).toBe('938/938');
    expect(errors).toEqual([]);
  }, 60_000);
});
