/**
 * Browser e2e for the user's own data: pick an image folder (typed, as in web mode), see the
 * per-class counts and a labelled sample grid, see the augmentation preview follow the
 * settings, train on the folder and see class names in the evaluation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMnistPngFolders } from '../core/data/helpers/imageFolders';
import { e2eUnavailable, launchBrowser, openApp, screenshot, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e dataset tests skipped: ${why}`);

describe.skipIf(!!why)('datasets in a browser', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let digits: string;

  const settings = () => page.getByRole('form', { name: 'Training settings' });
  const dataset = () => page.getByRole('region', { name: 'Dataset' });
  const previewImages = () => page.getByRole('figure', { name: 'Augmentation preview' }).locator('canvas');

  beforeAll(async () => {
    serve = await startServe();
    digits = path.join(serve.work, 'digits');
    await writeMnistPngFolders(digits, { train: 300, test: 100 });
    fs.mkdirSync(path.join(digits, 'train', 'unused-class'));
    fs.writeFileSync(path.join(digits, 'train', '3', 'broken.png'), 'not an image');
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('picks an image folder and shows class counts, a labelled sample grid and warnings', async () => {
    await page.getByRole('button', { name: /MNIST LeNet-5/ }).first().click();
    const tab = page.getByRole('tab', { name: 'Training' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await settings().getByLabel('Dataset', { exact: true }).selectOption('images');
    const folder = settings().getByLabel('Image folder', { exact: true });
    await folder.fill('digits'); // relative to the server's folder, as typed in web mode
    await folder.press('Tab');
    await expect.poll(() => page.getByTestId('dataset-summary').innerText({ timeout: 1000 }), { timeout: 30_000 }).toMatch(/300 training, 100 test samples of 1×28×28, 11 classes/);
    const bars = dataset().getByTestId('class-count');
    await expect.poll(() => bars.count()).toBe(11);
    const labels = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels[0]).toMatch(/^0: \d+$/);
    expect(labels).toContain('unused-class: 0');
    await expect.poll(() => dataset().getByRole('list', { name: 'Training samples' }).getByRole('listitem').count()).toBeGreaterThan(10);
    const warnings = await dataset().getByRole('list', { name: 'Dataset warnings' }).innerText();
    expect(warnings).toMatch(/class "unused-class" has no images/);
    expect(warnings).toMatch(/broken\.png/);
    await dataset().scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-01-folder');
  });

  it('shows the augmentation preview and redraws it when the settings change', async () => {
    await expect.poll(() => previewImages().count(), { timeout: 20_000 }).toBe(16);
    const before = await previewImages().evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
    // Two draws of each sample sit side by side; without augmentation they are equal.
    expect(before[0]).toBe(before[1]);
    const rotation = settings().getByLabel('Rotation ±°', { exact: true });
    await rotation.fill('45');
    await rotation.press('Tab');
    const erase = settings().getByLabel('Erasing probability', { exact: true });
    await erase.fill('1');
    await erase.press('Tab');
    await expect
      .poll(async () => {
        const now = await previewImages().evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
        return now.length === 16 && now[0] !== before[0] && now[0] !== now[1];
      }, { timeout: 20_000 })
      .toBe(true);
    await screenshot(page, 'dataset-02-augmentation-preview');
  });

  it('refuses an unusable folder with a message naming it', async () => {
    fs.mkdirSync(path.join(serve.work, 'nothing', 'cat'), { recursive: true });
    const folder = settings().getByLabel('Image folder', { exact: true });
    await folder.fill('nothing');
    await folder.press('Tab');
    await expect.poll(() => page.getByTestId('dataset-error').innerText({ timeout: 1000 }), { timeout: 20_000 }).toMatch(/nothing: no images found/);
    await folder.fill('digits');
    await folder.press('Tab');
    await expect.poll(() => page.getByTestId('dataset-summary').innerText({ timeout: 1000 }), { timeout: 20_000 }).toMatch(/300 training/);
  });

  it('trains on the folder and names the classes in the evaluation', async () => {
    const erase = settings().getByLabel('Erasing probability', { exact: true });
    await erase.fill('0');
    await erase.press('Tab');
    const epochs = settings().getByLabel('Epochs', { exact: true });
    await epochs.fill('1');
    await epochs.press('Tab');
    // The folder has 11 classes (one of them empty): give the last layer 11 outputs.
    await page.locator('[data-node-id="fc3"]').first().click({ position: { x: 30, y: 12 } });
    const out = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('out_features', { exact: true });
    await out.fill('11');
    await out.press('Enter');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 60_000 }).toBe('Completed');
    const tab = page.getByRole('tab', { name: 'Evaluation' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await expect.poll(() => page.getByRole('figure', { name: 'Confusion matrix' }).innerText({ timeout: 1000 }), { timeout: 20_000 }).toMatch(/unused-class/);
    await expect.poll(() => page.getByRole('figure', { name: 'Test images' }).locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await screenshot(page, 'dataset-03-evaluation');
  });

  it('raised no page errors', () => {
    // A refused dataset is an HTTP error response, which the browser logs; nothing else may be.
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 4/.test(e))).toEqual([]);
  });
});
