/**
 * The app as a user drives it, in Chromium against `wiregrad serve`: build the MNIST MLP
 * from an empty canvas by dragging and wiring, see the shapes, undo/redo, save, train one
 * epoch, stop a run midway, export ONNX and run it, reopen the saved file, and fix the
 * course ConvNet's shape error with the offered fix. Screenshots land in test-artifacts/.
 *
 * The scenarios run in order on one page: each starts from where the previous left off,
 * as a session of a real user would.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../core/data/dataset';
import { BatchLoader } from '../../core/data/loader';
import { resolveNormalization } from '../../core/data/normalization';
import { emptyDocument, type DocEdge, type DocNode } from '../../core/graph/document';
import { weightsPathFor } from '../../core/project/weightsFile';
import { awaitTestAccuracy, boxOf, connect, dragFromPalette, e2eUnavailable, launchBrowser, nodeIds, openApp, overlaps, screenshot, startServe, viewportSettled, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e app tests skipped: ${why}`);

/**
 * The course MLP (section 4.1), with where to drop each layer (pane coordinates). The
 * first node is framed by the canvas (fit view), so Input goes to the middle and the rest
 * around it, after zooming out, so that no node hides another's handles.
 */
const MLP_LAYOUT: { type: string; at: { x: number; y: number }; out_features?: number }[] = [
  { type: 'Input', at: { x: 467, y: 263 } },
  { type: 'Flatten', at: { x: 150, y: 80 } },
  { type: 'Linear', at: { x: 467, y: 80 }, out_features: 128 },
  { type: 'ReLU', at: { x: 780, y: 80 } },
  { type: 'Linear', at: { x: 780, y: 263 }, out_features: 64 },
  { type: 'ReLU', at: { x: 150, y: 263 } },
  { type: 'Linear', at: { x: 150, y: 430 }, out_features: 10 },
  { type: 'CrossEntropyLoss', at: { x: 467, y: 430 } },
];

describe.skipIf(!!why)('Wiregrad in a browser', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const ids: string[] = [];
  const savedPath = () => join(serve.work, 'mlp.wiregrad.json');

  const problems = () => page.getByRole('region', { name: 'Problems' });
  const edgeLabels = () => page.locator('[data-testid="edge-label"]').allInnerTexts();
  /** Shows a dock panel; clicking the tab that is already showing would collapse the dock. */
  async function showDock(name: string): Promise<void> {
    const tab = page.getByRole('tab', { name });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  }

  async function selectNode(id: string): Promise<void> {
    await page.locator(`[data-node-id="${id}"]`).first().click({ position: { x: 30, y: 12 } });
  }

  async function setParam(id: string, param: string, value: string): Promise<void> {
    await selectNode(id);
    const field = page.getByRole('complementary', { name: 'Inspector' }).getByLabel(param, { exact: true });
    await field.fill(value);
    await field.press('Enter');
  }

  async function answerPathDialog(path: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(path);
    await dialog.getByLabel('File path').press('Enter');
    await dialog.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: 'Empty canvas' }).waitFor();
    await screenshot(page, '01-start-screen');
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('builds the MNIST MLP from an empty canvas by dragging and wiring', async () => {
    await page.getByRole('button', { name: 'Empty canvas' }).click();
    await page.locator('.react-flow__pane').waitFor();
    for (const layer of MLP_LAYOUT) {
      const before = new Set(await nodeIds(page, layer.type));
      await dragFromPalette(page, layer.type, layer.at);
      await expect.poll(async () => (await nodeIds(page, layer.type)).filter((id) => !before.has(id)).length).toBe(1);
      ids.push((await nodeIds(page, layer.type)).find((id) => !before.has(id))!);
      if (ids.length === 1) {
        // The new document is framed once its first layer is measured (React Flow shows a node then):
        // zoom out only after that, or the framing would undo it.
        await page.locator(`.react-flow__node[data-id="${ids[0]}"]`).waitFor({ state: 'visible' });
        await viewportSettled(page);
        for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
        await viewportSettled(page);
      }
    }
    const [input, flatten, fc1, relu1, fc2, relu2, fc3, loss] = ids;
    const wires: [string, string, string, string][] = [
      [input, 'x', flatten, 'in'],
      [flatten, 'out', fc1, 'in'],
      [fc1, 'out', relu1, 'in'],
      [relu1, 'out', fc2, 'in'],
      [fc2, 'out', relu2, 'in'],
      [relu2, 'out', fc3, 'in'],
      [fc3, 'out', loss, 'input'],
      [input, 'y', loss, 'target'],
    ];
    await screenshot(page, '02-mlp-dropped');
    for (const [a, ap, b, bp] of wires) await connect(page, { node: a, port: ap }, { node: b, port: bp });
    await expect.poll(async () => (await edgeLabels()).length).toBe(wires.length);
    for (const [i, layer] of MLP_LAYOUT.entries()) if (layer.out_features) await setParam(ids[i], 'out_features', String(layer.out_features));
    await screenshot(page, '02-mlp-built');
  });

  it('shows the batch-inclusive shapes on the edges', async () => {
    await showDock('Problems');
    await expect.poll(edgeLabels).toEqual(expect.arrayContaining(['64×1×28×28', '64×784', '64×128', '64×64', '64×10']));
    await expect(problems().innerText()).resolves.toMatch(/No problems/);
  });

  it('undoes and redoes one user action at a time', async () => {
    const fc3 = ids[6];
    const summary = () => page.locator(`[data-node-id="${fc3}"]`).innerText();
    await expect.poll(summary).toMatch(/→10/);
    await setParam(fc3, 'out_features', '12');
    await expect.poll(summary).toMatch(/→12/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(summary).toMatch(/→10/);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(summary).toMatch(/→12/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(summary).toMatch(/→10/);
  });

  it('saves the graph to a file', async () => {
    // The path field must hold its suggestion from the dialog's first frame: a field filled in
    // later (by an effect) overwrote whatever was typed into it in between.
    await page.evaluate(() => {
      const w = window as unknown as { firstPathValue?: string };
      new MutationObserver((_, obs) => {
        const field = document.querySelector<HTMLInputElement>('[role=dialog] input');
        if (field) {
          w.firstPathValue = field.value;
          obs.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { firstPathValue?: string }).firstPathValue)).toBe('Untitled.wiregrad.json');
    await answerPathDialog(savedPath());
    await expect.poll(() => existsSync(savedPath())).toBe(true);
    const saved = JSON.parse(readFileSync(savedPath(), 'utf8'));
    expect(saved.nodes).toHaveLength(MLP_LAYOUT.length);
    expect(saved.edges).toHaveLength(8);
    // Saved: the title bar and the window title name the file, with no unsaved mark.
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('mlp');
    await expect.poll(() => page.title()).toBe('mlp — Wiregrad');
  });

  it('trains one epoch on MNIST: the curves move and the test accuracy appears', async () => {
    // The canvas must stay responsive while training: record the longest gap between frames.
    await page.evaluate(() => {
      const w = window as unknown as { __maxFrame: number };
      w.__maxFrame = 0;
      let last = performance.now();
      const tick = (t: number) => {
        w.__maxFrame = Math.max(w.__maxFrame, t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await showDock('Training');
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 30_000 }).toBe('Training');
    await expect.poll(() => page.getByTestId('run-step').innerText({ timeout: 1000 }), { timeout: 30_000 }).toMatch(/^[1-9]/);
    const firstPointMs = Date.now() - t0;
    await screenshot(page, '03-training');
    const acc = await awaitTestAccuracy(page);
    expect(parseFloat(acc)).toBeGreaterThan(85);
    await screenshot(page, '04-evaluation');
    const maxFrame = await page.evaluate(() => (window as unknown as { __maxFrame: number }).__maxFrame);
    console.log(`e2e: first step shown ${firstPointMs} ms after the Train click; longest frame while training ${Math.round(maxFrame)} ms; test accuracy ${acc}`);
  }, 300_000);

  it('exports ONNX whose predictions on the MNIST test set give the accuracy the app shows', async () => {
    const shown = parseFloat(await page.getByTestId('test-accuracy').innerText());
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export ONNX' }).click();
    // Web mode offers a path on the server's machine or a browser download.
    await page.getByRole('dialog').getByRole('button', { name: 'Download' }).click();
    const file = join(serve.home, 'mlp.onnx');
    const downloaded = await download;
    await expect.poll(() => page.locator('.wg-toasts').innerText()).toMatch(/Exported mlp\.onnx \(browser download\) with trained weights/);
    expect(downloaded.suggestedFilename()).toBe('mlp.onnx'); // named after the saved project
    await downloaded.saveAs(file);
    const session = await InferenceSession.create(file);
    // The same data path as training: MNIST test split, scaled and normalised (0.1307, 0.3081).
    const test = loadMnist('test');
    const loader = new BatchLoader(test, 1000, { shuffle: false, seed: 0, normalize: resolveNormalization(null, 'mnist', test) });
    let correct = 0;
    for (const batch of loader.epoch(0)) {
      const out = await session.run({ [session.inputNames[0]]: new Tensor('float32', batch.x, [batch.size, 1, 28, 28]) });
      const logits = out[session.outputNames[0]].data as Float32Array;
      expect(out[session.outputNames[0]].dims).toEqual([batch.size, 10]);
      for (let i = 0; i < batch.size; i++) {
        const row = logits.subarray(i * 10, i * 10 + 10);
        if (row.indexOf(Math.max(...row)) === Number(batch.y[i])) correct++;
      }
    }
    expect((100 * correct) / loader.count).toBeCloseTo(shown, 2);
  });

  it('stops a run midway', async () => {
    // One MNIST epoch takes about a second here: ask for many so Stop surely lands mid-run.
    await showDock('Training');
    const epochs = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
    await epochs.fill('50');
    await epochs.press('Tab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-step').innerText({ timeout: 1000 }), { timeout: 30_000 }).toMatch(/^[1-9]/);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').innerText({ timeout: 1000 }), { timeout: 30_000 }).toBe('Stopped');
    await screenshot(page, '05-stopped');
  }, 60_000);

  it('reopens the saved file and gets the same graph', async () => {
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await answerPathDialog(savedPath());
    await expect.poll(async () => (await edgeLabels()).length).toBe(8);
    for (const layer of new Set(MLP_LAYOUT.map((l) => l.type))) {
      expect((await nodeIds(page, layer)).length, layer).toBe(MLP_LAYOUT.filter((l) => l.type === layer).length);
    }
    await expect.poll(edgeLabels).toEqual(expect.arrayContaining(['64×784', '64×128', '64×64', '64×10']));
    // Weights belong to a project and a run, not to a graph shape: the runs above trained this saved
    // project, so its weights file beside it holds their weights, and the reopened project exports those.
    expect(existsSync(weightsPathFor(savedPath()))).toBe(true);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export ONNX' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Download' }).click();
    await download;
    await expect.poll(() => page.locator('.wg-toasts').innerText()).toMatch(/Exported mlp\.onnx \(browser download\) with the project's weights \(mlp\.wiregrad\.weights\)/);
  });

  it("reproduces the course ConvNet's shape error and fixes it with the offered fix", async () => {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('button', { name: /Template CIFAR ConvNet/ }).click();
    const fc = (await nodeIds(page, 'Linear'))[0];
    // Section 4.2 of the course: nn.Linear(128 * 6 * 6, 10) after three 2x pools of a 32x32 image.
    await showDock('Problems');
    await setParam(fc, 'in_features', String(128 * 6 * 6));
    await expect.poll(() => problems().innerText()).toMatch(/2048/);
    await screenshot(page, '06-convnet-error');
    // The fix offered where the problem is: the popover on the node's badge. It is drawn above the
    // canvas's overlays and placed clear of them, so its button is never under the minimap.
    await page.locator(`[data-node-id="${fc}"] .wg-node__badge`).hover();
    const popover = page.getByTestId('problem-popover');
    await popover.waitFor();
    const pop = await popover.boundingBox();
    for (const sel of ['.react-flow__minimap', '.react-flow__controls', '.wg-canvas-toolbar']) expect(overlaps(pop!, await boxOf(page, sel)), `popover under ${sel}`).toBe(false);
    await popover.getByRole('button', { name: /^Fix: set in_features to 2048/ }).click();
    await expect.poll(() => problems().innerText()).toMatch(/No problems/);
    await screenshot(page, '07-convnet-fixed');
  });

  it('never commits an invalid integer draft: "2.5" and "1e3" show the error, leaving restores the value', async () => {
    const fc = (await nodeIds(page, 'Linear'))[0];
    await selectNode(fc);
    const field = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('out_features', { exact: true });
    const before = await field.inputValue();
    const labelsBefore = await edgeLabels();
    for (const typed of ['2.5', '1e3']) {
      await field.click();
      await field.press('ControlOrMeta+a');
      await field.pressSequentially(typed);
      await expect.poll(() => page.getByRole('alert').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/out_features must be a whole number/)]));
      // Nothing reached the document: the shapes on the edges did not change.
      expect(await edgeLabels()).toEqual(labelsBefore);
      await field.press('Tab');
      await expect.poll(() => field.inputValue()).toBe(before);
      expect(await edgeLabels()).toEqual(labelsBefore);
    }
    // The same rule in the training settings: Epochs "1e3" is refused, not taken as 1000.
    await showDock('Training');
    const epochs = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
    const epochsBefore = await epochs.inputValue();
    await epochs.fill('1e3');
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Epochs must be a whole number/)]));
    await epochs.press('Tab');
    await expect.poll(() => epochs.inputValue()).toBe(epochsBefore);
  });

  it('opens a 200-node graph quickly', async () => {
    // A deep MLP: Input, 99 x (Linear, ReLU), Linear, CrossEntropyLoss = 200 layers.
    const nodes: DocNode[] = [{ id: 'in', type: 'Input', params: { shape: [1, 28, 28] }, position: { x: 0, y: 0 } }];
    const edges: DocEdge[] = [];
    const flat: DocNode = { id: 'flat', type: 'Flatten', params: {}, position: { x: 220, y: 0 } };
    nodes.push(flat);
    edges.push({ id: 'e-in', from: { node: 'in', port: 'x' }, to: { node: 'flat', port: 'in' } });
    let prev = 'flat';
    for (let i = 0; nodes.length < 198; i++) {
      const lin = `l${i}`;
      const act = `r${i}`;
      nodes.push({ id: lin, type: 'Linear', params: { in_features: 'auto', out_features: 32 }, position: { x: 220 * (2 + 2 * i), y: (i % 5) * 140 } });
      nodes.push({ id: act, type: 'ReLU', params: {}, position: { x: 220 * (3 + 2 * i), y: (i % 5) * 140 } });
      edges.push({ id: `e-${lin}`, from: { node: prev, port: 'out' }, to: { node: lin, port: 'in' } });
      edges.push({ id: `e-${act}`, from: { node: lin, port: 'out' }, to: { node: act, port: 'in' } });
      prev = act;
    }
    nodes.push({ id: 'head', type: 'Linear', params: { in_features: 'auto', out_features: 10 }, position: { x: 50_000, y: 0 } });
    nodes.push({ id: 'loss', type: 'CrossEntropyLoss', params: {}, position: { x: 50_300, y: 0 } });
    edges.push({ id: 'e-head', from: { node: prev, port: 'out' }, to: { node: 'head', port: 'in' } });
    edges.push({ id: 'e-loss', from: { node: 'head', port: 'out' }, to: { node: 'loss', port: 'input' } });
    edges.push({ id: 'e-y', from: { node: 'in', port: 'y' }, to: { node: 'loss', port: 'target' } });
    expect(nodes).toHaveLength(200);
    const file = join(serve.work, 'deep.wiregrad.json');
    writeFileSync(file, JSON.stringify({ ...emptyDocument('Deep'), nodes, edges }));

    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(file);
    const t0 = Date.now();
    await dialog.getByLabel('File path').press('Enter');
    await expect.poll(() => page.locator('[data-node-id]').count(), { interval: 20, timeout: 30_000 }).toBe(200);
    const ms = Date.now() - t0;
    await screenshot(page, '08-200-nodes');
    console.log(`e2e: 200-node graph open and rendered in ${ms} ms`);
    expect(ms).toBeLessThan(10_000);
  });

  it('raised no page errors', () => {
    // favicon.ico is not part of the build; everything else must load cleanly.
    expect(errors.filter((e) => !/favicon|404 \(Not Found\)/.test(e))).toEqual([]);
  });
});
