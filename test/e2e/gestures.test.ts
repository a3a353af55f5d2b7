/**
 * The smaller gestures of the editor, each as a user does it in Chromium against
 * `wiregrad serve`: search at a double-click, a wire that replaces another (visibly, one
 * undo), context menus, focus back on the graph after the palette, the cheat sheet, palette
 * signatures, grouped hints, the save state of the project on screen, the wire hover card
 * when zoomed out, and the dock shrunk to its tabs.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxOf, connect, e2eUnavailable, emptyPanePoint, launchBrowser, nodeIds, openApp, viewportSettled, pointOnWire, screenshot, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e gesture tests skipped: ${why}`);

describe.skipIf(!!why)('editor gestures in a browser', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const box = (selector: string) => boxOf(page, selector);
  const edgeCount = () => page.locator('.react-flow__edge').count();
  const problems = () => page.getByRole('region', { name: 'Problems' });


  async function openTemplate(name: RegExp): Promise<void> {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('button', { name }).click();
    await expect.poll(() => page.locator('[data-node-id]').count()).toBeGreaterThan(3);
  }

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: 'Empty canvas' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a double-click on empty canvas searches a layer and puts it right there', async () => {
    const pane = await box('.react-flow__pane');
    // Beside the empty-canvas card, which is a card, not canvas.
    const at = { x: pane.x + pane.width * 0.2, y: pane.y + pane.height * 0.3 };
    await page.mouse.dblclick(at.x, at.y);
    const search = page.getByRole('combobox', { name: 'Search layers to add' });
    await search.fill('sigm');
    await expect.poll(() => page.getByRole('listbox', { name: 'Layers' }).getByRole('option', { selected: true }).innerText()).toMatch(/^Sigmoid/);
    await search.press('Enter');
    await expect.poll(async () => (await nodeIds(page, 'Sigmoid')).length).toBe(1);
    const n = await box('[data-testid="node-Sigmoid"]');
    // The header sits under the pointer.
    expect(at.x).toBeGreaterThan(n.x);
    expect(at.x).toBeLessThan(n.x + n.width);
    expect(Math.abs(at.y - (n.y + 18))).toBeLessThan(12);
  });

  it('after adding from the palette, keys act on the graph: Delete removes the new layer, Ctrl+Z brings it back', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Tanh', exact: true }).dblclick();
    await expect.poll(async () => (await nodeIds(page, 'Tanh')).length).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await nodeIds(page, 'Tanh')).length).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await nodeIds(page, 'Tanh')).length).toBe(1);
  });

  it('unwired layers while building are one grouped hint; the missing loss is on the model summary', async () => {
    // Nothing selected, so each lands on its own, unwired (with the Sigmoid and Tanh from before: four).
    for (const type of ['Linear', 'Conv2d']) {
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: type, exact: true }).dblclick();
      await expect.poll(async () => (await nodeIds(page, type)).length).toBe(1);
    }
    const tab = page.getByRole('tab', { name: /Problems/ });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await expect.poll(() => problems().innerText()).toMatch(/4 layers not connected yet/);
    // The hint, and the model's own problems (no Input, no loss): three lines, not one per layer.
    expect(await problems().getByRole('listitem').count()).toBe(3);
    await expect.poll(() => problems().innerText()).toMatch(/Model\s+The model has no loss/);
    await page.keyboard.press('Escape');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    const summary = page.getByRole('list', { name: 'Model problems' });
    await expect.poll(() => summary.innerText()).toMatch(/no loss/);
    await expect(summary.getByRole('button', { name: /Fix: add CrossEntropyLoss/ }).count()).resolves.toBe(1);
    await screenshot(page, 'e2e-gestures-grouped-hint');
  });

  it('a wire dropped on an occupied input replaces the old one visibly, and one undo restores it', async () => {
    await openTemplate(/Template MNIST MLP/);
    await page.locator('.react-flow__node[data-id="fc1"]').first().click({ position: { x: 30, y: 10 } });
    await page.keyboard.press('f');
    await viewportSettled(page);
    const before = await edgeCount();
    await connect(page, { node: 'input', port: 'x' }, { node: 'fc1', port: 'in' });
    await expect.poll(() => page.locator('.react-flow__node[data-id="flatten"].is-flashing').count()).toBe(1);
    await expect.poll(() => page.locator('.wg-toast').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Replaced the wire from Flatten flatten/)]));
    await screenshot(page, 'e2e-gestures-replaced-wire');
    expect(await edgeCount()).toBe(before);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge[data-id="e_flatten_fc1"]').count()).toBe(1);
  });

  it('context menus: Insert Layer… on a wire, Duplicate on a layer, Add Layer… on the canvas', async () => {
    // A quarter of the way along: on the wire, clear of its shape label in the middle.
    const wire = await pointOnWire(page, 'e_fc2_relu2', 0.25);
    await page.mouse.click(wire.x, wire.y, { button: 'right' });
    const menu = page.getByRole('menu', { name: 'Wire actions' });
    await expect.poll(() => menu.getByRole('menuitem').allInnerTexts()).toEqual([expect.stringMatching(/^Insert Layer/), expect.stringMatching(/^Delete/)]);
    await screenshot(page, 'e2e-gestures-wire-menu');
    await menu.getByRole('menuitem', { name: /Insert Layer/ }).click();
    const search = page.getByRole('combobox', { name: 'Search layers to add' });
    await search.fill('Tanh');
    // Enter takes the highlighted item: wait until the search has narrowed to it.
    await expect.poll(() => page.getByRole('listbox', { name: 'Layers' }).getByRole('option', { selected: true }).innerText()).toMatch(/^Tanh/);
    await search.press('Enter');
    await expect.poll(async () => (await nodeIds(page, 'Tanh')).length).toBe(1);
    const [tanh] = await nodeIds(page, 'Tanh');
    await expect.poll(() => page.locator(`.react-flow__edge[data-id="e_fc2_relu2"]`).count()).toBe(0);

    const node = await box(`.react-flow__node[data-id="${tanh}"]`);
    await page.mouse.click(node.x + node.width / 2, node.y + 10, { button: 'right' });
    const layerMenu = page.getByRole('menu', { name: 'Layer actions' });
    await expect.poll(() => layerMenu.getByRole('menuitem').count()).toBeGreaterThan(3);
    await layerMenu.getByRole('menuitem', { name: /^Duplicate/ }).click();
    await expect.poll(async () => (await nodeIds(page, 'Tanh')).length).toBe(2);

    // Showing the duplicate pans the view: let it settle, and aim again if a node slid under the spot.
    await viewportSettled(page);
    const canvasMenu = page.getByRole('menu', { name: 'Canvas actions' });
    await expect
      .poll(async () => {
        if (await canvasMenu.count()) return true;
        await page.keyboard.press('Escape');
        const spot = await emptyPanePoint(page);
        await page.mouse.click(spot.x, spot.y, { button: 'right' });
        return (await canvasMenu.count()) > 0;
      })
      .toBe(true);
    await canvasMenu.getByRole('menuitem', { name: /^Add Layer/ }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Search layers to add' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('combobox', { name: 'Search layers to add' }).count()).toBe(0);

    // From the keyboard: Shift+F10 opens the selected layer's menu, arrows and Enter pick an item.
    // Where the layer is now: showing the duplicate may have panned the view.
    const now = await box(`.react-flow__node[data-id="${tanh}"]`);
    await page.mouse.click(now.x + now.width / 2, now.y + 10);
    await expect.poll(() => page.locator(`.react-flow__node[data-id="${tanh}"].selected`).count()).toBe(1);
    await page.keyboard.press('Shift+F10');
    await expect.poll(() => layerMenu.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => layerMenu.count()).toBe(0);
  });

  it('zoomed out, wires hide their labels and show the shape in a hover card', async () => {
    await page.keyboard.press('l');
    // Auto-layout wraps the chain so that it is readable: zoom out until the labels give way.
    await expect
      .poll(async () => {
        if (await page.locator('.wg-canvas.is-zoomed-out').count()) return true;
        await page.getByRole('button', { name: 'Zoom Out' }).click();
        return false;
      })
      .toBe(true);
    // Zoom Out animates: aim at the wire once the view is still, and aim again (leaving it
    // first) if the pointer still missed it, instead of waiting on a card that cannot come.
    await viewportSettled(page);
    const card = page.getByTestId('edge-hovercard');
    await expect
      .poll(async () => {
        if (await card.count()) return card.innerText();
        await page.mouse.move(5, 5);
        const wire = await pointOnWire(page, 'e_relu1_fc2', 0.25);
        await page.mouse.move(wire.x, wire.y, { steps: 3 });
        return (await card.count()) ? card.innerText() : '';
      })
      .toMatch(/64×128/);
    await screenshot(page, 'e2e-gestures-hovercard');
  });

  it('? and F1 open the cheat sheet made from the action table', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => sheet.innerText()).toMatch(/Fit View\s*F\b/);
    await expect.poll(() => sheet.innerText()).toMatch(/Undo\s*Ctrl\+Z/);
    await screenshot(page, 'e2e-gestures-cheatsheet');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await page.keyboard.press('F1');
    await expect.poll(() => sheet.count()).toBe(1);
    await page.keyboard.press('F1');
    await expect.poll(() => sheet.count()).toBe(0);
  });

  it('palette items show their PyTorch signature', async () => {
    await page.getByRole('button', { name: 'Conv2d', exact: true }).hover();
    await expect.poll(() => page.getByTestId('palette-tooltip').innerText()).toMatch(/nn\.Conv2d\(in_channels, out_channels, kernel_size, stride=1, padding=0/);
    await screenshot(page, 'e2e-gestures-palette-tooltip');
    await page.mouse.move(700, 400);
  });

  it('the save state is the project on screen’s: a fresh template is "not saved"', async () => {
    const state = page.getByTestId('save-state');
    await openTemplate(/Template MNIST LeNet/);
    await expect.poll(() => state.innerText()).toBe('not saved');
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(`${serve.work}/lenet.wiregrad.json`);
    await dialog.getByLabel('File path').press('Enter');
    await expect.poll(() => state.innerText()).toBe('saved just now');
    await openTemplate(/Template CIFAR ConvNet/);
    await expect.poll(() => state.innerText()).toBe('not saved');
  });

  it('the dock shrinks to its tab strip when dragged down, and comes back', async () => {
    const canvasBefore = await box('.wg-canvas');
    const handle = await box('.wg-dock__resizer');
    await page.mouse.move(handle.x + 200, handle.y + 3);
    await page.mouse.down();
    await page.mouse.move(handle.x + 200, handle.y + 400, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.wg-dock.is-collapsed').count()).toBe(1);
    const dock = await box('.wg-dock');
    expect(dock.height).toBeLessThan(45);
    expect((await box('.wg-canvas')).height).toBeGreaterThan(canvasBefore.height + 200);
    await screenshot(page, 'e2e-gestures-dock-collapsed');
    const h2 = await box('.wg-dock__resizer');
    await page.mouse.move(h2.x + 200, h2.y + 3);
    await page.mouse.down();
    await page.mouse.move(h2.x + 200, h2.y - 250, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.wg-dock.is-collapsed').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(errors.filter((e) => !/favicon|404 \(Not Found\)/.test(e))).toEqual([]);
  });
});
