/**
 * Issue 7 (15, UI part): the app notices a dead backend. The server is killed with SIGKILL
 * mid-run: the status bar says disconnected, the run shows as lost, the graph unlocks, and
 * Reconnect brings the app back once a server (same port and token) is up again.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eUnavailable, launchBrowser, openApp, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e disconnect tests skipped: ${why}`);

describe.skipIf(!!why)('a dead backend, seen from the app', () => {
  const home = mkdtempSync(join(tmpdir(), 'wiregrad-e2e-dead-'));
  const env = { WIREGRAD_TOKEN: randomBytes(24).toString('hex') };
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  const status = () => page.getByTestId('backend-status').innerText();

  beforeAll(async () => {
    serve = await startServe({ home, env });
    browser = await launchBrowser();
    ({ page } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: /Template MNIST MLP/ }).click();
    await page.getByText('● connected').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('killed mid-run: disconnected, run lost, graph unlocked, Reconnect offered', async () => {
    await page.getByRole('tab', { name: 'Training' }).click();
    const epochs = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
    await epochs.fill('50');
    await epochs.press('Tab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-step').innerText({ timeout: 1000 }), { timeout: 30_000 }).toMatch(/^[1-9]/);
    // While it trains the palette is locked.
    expect(await page.getByRole('button', { name: 'Linear', exact: true }).first().isDisabled()).toBe(true);

    serve.proc.kill('SIGKILL');
    await expect.poll(status, { timeout: 15_000 }).toMatch(/disconnected/);
    await expect.poll(() => page.getByTestId('run-status').innerText()).toBe('Lost');
    await expect.poll(() => page.getByRole('button', { name: 'Linear', exact: true }).first().isDisabled()).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);

    // Nothing to reconnect to yet: it says so and stays disconnected.
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect.poll(() => page.locator('.wg-toasts').innerText()).toMatch(/Still cannot reach the backend/);
    expect(await status()).toMatch(/disconnected/);
  }, 90_000);

  it('Reconnect once the server is back (same port and token)', async () => {
    const old = serve;
    await old.stop();
    serve = await startServe({ home, env, port: old.port });
    // The app also retries by itself (with backoff), and may be back before the click: then the
    // button is gone, which is the same outcome. Click it while it is offered, until connected.
    const reconnect = page.getByRole('button', { name: 'Reconnect' });
    await expect
      .poll(
        async () => {
          if (await reconnect.count()) await reconnect.click({ timeout: 1000 }).catch(() => {});
          return status();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toMatch(/● connected/);
    await expect.poll(() => page.locator('.wg-toasts').innerText()).toMatch(/Reconnected to the backend/);
    await expect.poll(() => page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(false);
  }, 60_000);
});
