/**
 * The inspector's fields for PyTorch's string choices and list-valued numbers, in Chromium
 * against `wiregrad serve`: GELU's `approximate` is a menu of 'none' and 'tanh'; BCEWithLogitsLoss's
 * `pos_weight` takes numbers typed like a shape (`3, 1, 0.5`), refuses a negative one with
 * the reason, and an empty field is None. The saved project holds what was chosen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDocument, type DocEdge, type DocNode, type ProjectDocument } from '../../core/graph/document';
import { e2eUnavailable, launchBrowser, openApp, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e param-kind tests skipped: ${why}`);

describe.skipIf(!!why)('inspector fields for choices and number lists', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: 'Empty canvas' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
  const select = (id: string) => page.locator(`[data-node-id="${id}"]`).first().click({ position: { x: 30, y: 12 } });

  it('sets GELU approximate from a menu and pos_weight as a list, and saves them', async () => {
    const n = (id: string, type: string, params: DocNode['params'], x: number): DocNode => ({ id, type, params, position: { x, y: 0 } });
    const nodes = [n('in', 'Input', { shape: [6], target_shape: [3] }, 0), n('fc1', 'Linear', { out_features: 8 }, 250), n('gelu', 'GELU', {}, 500), n('fc2', 'Linear', { out_features: 3 }, 750), n('loss', 'BCEWithLogitsLoss', {}, 1000)];
    const e = (id: string, a: string, ap: string, b: string, bp: string): DocEdge => ({ id, from: { node: a, port: ap }, to: { node: b, port: bp } });
    const edges = [e('e1', 'in', 'x', 'fc1', 'in'), e('e2', 'fc1', 'out', 'gelu', 'in'), e('e3', 'gelu', 'out', 'fc2', 'in'), e('e4', 'fc2', 'out', 'loss', 'input'), e('e5', 'in', 'y', 'loss', 'target')];
    const file = join(serve.work, 'kinds.wiregrad.json');
    writeFileSync(file, JSON.stringify({ ...emptyDocument('Kinds'), nodes, edges }));
    await page.getByRole('button', { name: 'Empty canvas' }).click();
    await page.locator('.react-flow__pane').waitFor();
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(file);
    await dialog.getByLabel('File path').press('Enter');
    await expect.poll(() => page.locator('[data-node-id]').count()).toBe(5);

    await select('gelu');
    const menu = inspector().getByLabel('approximate', { exact: true });
    expect(await menu.evaluate((el) => (el as HTMLSelectElement).options.length)).toBe(2);
    expect(await menu.inputValue()).toBe('none');
    await menu.selectOption('tanh');

    await select('loss');
    const weights = inspector().getByLabel('pos_weight', { exact: true });
    await weights.fill('1, -2');
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/pos_weight must be at least 0/)]));
    await weights.fill('3, 1, 0.5');
    await weights.press('Enter');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/^saved/);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as ProjectDocument;
    expect(saved.nodes.find((x) => x.id === 'gelu')!.params.approximate).toBe('tanh');
    expect(saved.nodes.find((x) => x.id === 'loss')!.params.pos_weight).toEqual([3, 1, 0.5]);
    expect(errors.filter((m) => !/favicon|404 \(Not Found\)/.test(m))).toEqual([]);
  }, 90_000);
});
