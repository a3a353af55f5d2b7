/**
 * Browser e2e for the run history: open a saved project (MNIST MLP on a real MNIST subset),
 * train twice with different learning rates, then in the Runs tab see both runs, overlay
 * their loss curves on one chart (log scale too), see what changed between them, and resume
 * one for another epoch.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_NORMALIZE, mnistSubset } from '../helpers/mnist';
import { e2eUnavailable, launchBrowser, openApp, REPO, screenshot, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e runs tests skipped: ${why}`);

describe.skipIf(!!why)('run history in a browser', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let project: string;

  const settings = () => page.getByRole('form', { name: 'Training settings' });
  const runs = () => page.getByRole('table', { name: 'Runs' });

  async function showTab(name: string) {
    const tab = page.getByRole('tab', { name, exact: true });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  }

  async function trainToEnd() {
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 90_000 }).toBe('Completed');
  }

  beforeAll(async () => {
    serve = await startServe();
    const raw = JSON.parse(fs.readFileSync(path.join(REPO, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
    raw.name = 'Digits';
    raw.training = { ...raw.training, dataset: mnistSubset(path.join(serve.work, 'data'), { train: 2000, test: 500 }), normalize: MNIST_NORMALIZE, epochs: 1, validation_split: 0.1 };
    project = path.join(serve.work, 'digits.wiregrad.json');
    fs.writeFileSync(project, JSON.stringify(raw));
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('trains a saved project twice, with two learning rates', async () => {
    await page.getByRole('button', { name: 'Open a file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open project' });
    await dialog.getByLabel('File path').fill(project);
    await dialog.getByLabel('File path').press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Train', exact: true }).isVisible()).toBe(true);
    await showTab('Training');
    await trainToEnd();
    const lr = settings().getByLabel('Learning rate', { exact: true });
    await lr.fill('0.1');
    await lr.press('Tab');
    // A fair comparison: the second run starts from the seeded initialisation, not the first run's weights.
    await settings().getByRole('checkbox', { name: "Start from the project's saved weights" }).uncheck();
    await trainToEnd();
    const dirs = fs.readdirSync(path.join(serve.work, 'runs')).sort();
    expect(dirs).toHaveLength(2);
    const firstLoss = (d: string) => JSON.parse(fs.readFileSync(path.join(serve.work, 'runs', d, 'metrics.jsonl'), 'utf8').split('\n')[0]).loss;
    expect(firstLoss(dirs[1])).toBe(firstLoss(dirs[0])); // same initial weights and first batch: the loss before the first update
    expect(fs.existsSync(path.join(serve.work, 'digits.wiregrad.weights'))).toBe(true);
  }, 240_000);

  it('lists both runs, overlays their curves and shows what changed', async () => {
    await showTab('Runs');
    await expect.poll(() => runs().locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    // The column of settings that differ names the learning rate and its two values.
    const differs = await runs().locator('td.wg-runs__differs').allInnerTexts();
    expect(differs.sort()).toEqual(['optimizer.lr=0.01', 'optimizer.lr=0.1']);
    for (const box of await runs().getByRole('checkbox').all()) await box.check();
    const chart = page.getByRole('figure', { name: 'loss — 2 run(s)' });
    await expect.poll(() => chart.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await chart.locator('figcaption .wg-chart__legend span').count()).toBe(2);
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    const diff = page.getByRole('region', { name: 'Differences between the two selected runs' });
    await expect.poll(() => diff.getByRole('table', { name: 'Changed settings' }).innerText()).toMatch(/training\.optimizer\.lr\s+0\.1\s+0\.01|training\.optimizer\.lr\s+0\.01\s+0\.1/);
    expect(await diff.getByRole('list', { name: 'Graph changes' }).innerText()).toMatch(/Same graph/);
    await page.getByRole('checkbox', { name: 'Log scale' }).check();
    await page.getByLabel('Metric', { exact: true }).selectOption('val_accuracy');
    await expect.poll(() => page.getByRole('figure', { name: 'val_accuracy — 2 run(s)' }).isVisible()).toBe(true);
    await page.getByLabel('Metric', { exact: true }).selectOption('loss');
    await page.getByRole('figure', { name: 'loss — 2 run(s)' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'runs-01-overlay');
  }, 60_000);

  it('renames a run and resumes it for another epoch', async () => {
    const first = runs().locator('tbody tr').last();
    await first.getByRole('button', { name: /^\d{8}-/ }).click();
    const input = first.getByRole('textbox');
    await input.fill('baseline');
    await input.press('Enter');
    await expect.poll(() => first.innerText()).toMatch(/baseline/);
    await showTab('Training');
    const epochs = settings().getByLabel('Epochs', { exact: true });
    await epochs.fill('2');
    await epochs.press('Tab');
    await showTab('Runs');
    await runs().locator('tbody tr', { hasText: 'baseline' }).getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 90_000 }).toBe('Completed');
    await showTab('Runs');
    await expect.poll(() => runs().locator('tbody tr').count(), { timeout: 20_000 }).toBe(3);
    const resumed = JSON.parse(fs.readFileSync(path.join(serve.work, 'runs', fs.readdirSync(path.join(serve.work, 'runs')).sort().at(-1)!, 'run.json'), 'utf8'));
    expect(resumed.resumed_from).toMatch(/last\.wiregrad\.ckpt$/);
    expect(resumed.summary.epochs).toBe(2);
  }, 120_000);

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
