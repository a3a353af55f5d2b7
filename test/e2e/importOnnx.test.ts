/**
 * "Open ONNX…" in web mode, in real Chromium: the shortcut opens the browser's file chooser,
 * the uploaded model becomes a laid-out, framed project with its layers; a layer with weights
 * has the Trainable box (freeze), and the imported weights export.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelBytes, tinyConvNet } from '../core/import/onnx/build';
import { e2eUnavailable, launchBrowser, openApp, screenshot, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e import tests skipped: ${why}`);

describe.skipIf(!!why)('Open ONNX… in the browser', () => {
  const home = mkdtempSync(join(tmpdir(), 'wiregrad-e2e-import-'));
  const file = join(home, 'tiny.onnx');
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    writeFileSync(file, modelBytes(tinyConvNet()));
    serve = await startServe({ home });
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: /Template MNIST MLP/ }).click();
    await page.getByText('● connected').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('uploads the model and opens it as layers with their weights', async () => {
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.keyboard.press('Control+Shift+O');
    await (await chooser).setFiles(file);
    await page.getByText(/Imported tiny\.onnx/).waitFor({ timeout: 20_000 });
    for (const type of ['Conv2d', 'MaxPool2d', 'Flatten', 'Linear', 'CrossEntropyLoss']) {
      await expect.poll(() => page.locator('.react-flow__node').filter({ hasText: type }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await page.locator('.react-flow__node').filter({ hasText: 'Conv2d' }).first().click();
    const trainable = page.getByTestId('node-trainable');
    await trainable.waitFor();
    expect(await trainable.isChecked()).toBe(true);
    await trainable.click();
    expect(await trainable.isChecked()).toBe(false);
    await screenshot(page, 'import-onnx');
    expect(errors).toEqual([]);
  }, 60_000);
});
