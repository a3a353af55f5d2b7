/**
 * "Open ONNX…" in web mode, in real Chromium: the shortcut opens the browser's file chooser,
 * the uploaded model becomes a laid-out, framed project with its layers; a layer with weights
 * has the Trainable box (freeze); saving the project writes the imported weights beside it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../core/import/onnx/importer';
import { readWeightsFile, weightsPathFor } from '../../core/project/weightsFile';
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

  it('Save writes the project and, beside it, the imported weights', async () => {
    const project = join(serve.work, 'tiny.wiregrad.json');
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(project);
    await dialog.getByLabel('File path').press('Enter');
    await page.getByText(/with its imported weights/).first().waitFor({ timeout: 10_000 });
    const saved = (await readWeightsFile(weightsPathFor(project)))!;
    const expected = (await importOnnx(modelBytes(tinyConvNet()), { name: 'tiny' })).weights;
    expect([...saved.tensors.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, t] of expected) expect(Array.from(saved.tensors.get(k)!.data), k).toEqual(Array.from(t.data));
    expect(existsSync(project)).toBe(true);
    expect(errors).toEqual([]);
  }, 30_000);

  it('Export… as a PyTorch script: the format swaps the ending, the script and its weights land beside the path, with the imported weights (not the initial ones)', async () => {
    await page.getByRole('button', { name: 'Export ONNX, PyTorch script or notebook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Format').selectOption('pytorch');
    await expect.poll(() => dialog.getByLabel('File path').inputValue()).toMatch(/tiny\.py$/);
    const script = join(serve.work, 'tiny.py');
    await dialog.getByLabel('File path').fill(script);
    await dialog.getByLabel('File path').press('Enter');
    await page.getByText(/Exported .*tiny\.py/).first().waitFor({ timeout: 20_000 });
    // The import's weights (held under its id while the graph fits), not the initial ones.
    await page.getByText(/Exported .*tiny\.py.* with (trained weights|the project's weights)/).first().waitFor({ timeout: 5_000 });
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('nn.Conv2d(1, 2, kernel_size=3, padding=1)');
    expect(readdirSync(serve.work).filter((f) => f.startsWith('tiny.') && f !== 'tiny.py' && !f.startsWith('tiny.wiregrad')).length).toBeGreaterThan(0);
    // The same format as a browser download.
    await page.getByRole('button', { name: 'Export ONNX, PyTorch script or notebook' }).click();
    await dialog.getByLabel('Format').selectOption('pytorch');
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await dialog.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => downloads, { timeout: 10_000 }).toContain('tiny.py');
    expect(errors).toEqual([]);
  }, 60_000);
});
