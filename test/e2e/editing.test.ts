/**
 * Editing at the speed of thought, in Chromium against `wiregrad serve`: the course ConvNet
 * built from an empty canvas with the new gestures in at most 15 counted actions and
 * identical to the template; a layer dropped onto a wire is inserted into it; paste lands at
 * the pointer; every template after auto-layout has no node under an overlay (minimap,
 * zoom controls, toolbar, dock, panels), checked from element rectangles, with screenshots
 * in light and dark in test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../core/check/check';
import type { ProjectDocument } from '../../core/graph/document';
import { formatShape } from '../../renderer/util/format';
import { REPO, boxOf, overlaps as overlap, type Box, dragFromPalette, e2eUnavailable, launchBrowser, nodeBoxes, nodeIds, openApp, viewportSettled, screenshot, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable();
if (why) console.warn(`e2e editing tests skipped: ${why}`);

const TEMPLATES = ['mnist-mlp', 'mnist-lenet', 'cifar-convnet', 'cifar-convnet-blocks', 'cifar-resnet8'];
const TEMPLATE_NAMES: Record<string, RegExp> = {
  'mnist-mlp': /Template MNIST MLP/,
  'mnist-lenet': /Template MNIST LeNet/,
  'cifar-convnet': /Template CIFAR ConvNet/,
  'cifar-convnet-blocks': /Template ConvNet with CustomLayer blocks/,
  'cifar-resnet8': /Template CIFAR ResNet-8/,
};

function template(id: string): ProjectDocument {
  return JSON.parse(readFileSync(join(REPO, 'assets', 'templates', `${id}.wiregrad.json`), 'utf8'));
}

/** Layer types with their per-sample output shapes, in data order: what "the same network" means. */
function signature(doc: ProjectDocument): string[] {
  const r = checkDocument(doc);
  return r.order.map((id) => {
    const n = doc.nodes.find((x) => x.id === id)!;
    const out = Object.values(r.nodes[id].outputs)[0];
    return `${n.type} ${out ? formatShape(out.shape) : '-'} ${r.nodes[id].paramCount}`;
  });
}


describe.skipIf(!!why)('editing gestures in a browser', () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const box = (selector: string) => boxOf(page, selector);
  const center = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const nodeBox = (id: string) => box(`.react-flow__node[data-id="${id}"]`);
  const totalParams = () => page.getByTestId('total-params').getAttribute('title');
  /** Ids of the layers of `type` that were not there `before`, once there is one. */
  const fresh = async (type: string, before: string[]) => {
    await expect.poll(async () => (await nodeIds(page, type)).filter((id) => !before.includes(id)).length).toBeGreaterThan(0);
    return (await nodeIds(page, type)).filter((id) => !before.includes(id));
  };

  async function openTemplate(id: string): Promise<void> {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('button', { name: TEMPLATE_NAMES[id] }).click();
    await expect.poll(() => page.locator('[data-node-id]').count()).toBe(template(id).nodes.length);
  }

  async function savedDocument(name: string): Promise<ProjectDocument> {
    const file = join(serve.work, `${name}.wiregrad.json`);
    await page.keyboard.press('Control+Shift+S');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File path').fill(file);
    await dialog.getByLabel('File path').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/^saved/);
    return JSON.parse(readFileSync(file, 'utf8'));
  }

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, serve.url));
    await page.getByRole('button', { name: 'Empty canvas' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('builds the course ConvNet from an empty canvas in at most 15 actions, identical to the template', async () => {
    await page.getByRole('button', { name: 'Empty canvas' }).click();
    /** One user action: a click, a drag, a key combo, or typing into one field and pressing Enter. */
    const log: string[] = [];
    const act = async (what: string, f: () => Promise<void>) => {
      log.push(what);
      await f();
    };

    await act('click Input 3×32×32 on the empty canvas', () => page.getByRole('button', { name: 'Input 3×32×32' }).click());
    const [input] = await fresh('Input', []);

    // A wire dropped on empty canvas opens the layer search there; PyTorch spelling sets the parameters.
    const x = center(await box(`[data-node-id="${input}"] [data-handleid="x"]`));
    await act('drag a wire from Input.x onto empty canvas', async () => {
      await page.mouse.move(x.x, x.y);
      await page.mouse.down();
      await page.mouse.move(x.x + 120, x.y + 10, { steps: 6 });
      await page.mouse.move(x.x + 230, x.y, { steps: 6 });
      await page.mouse.up();
    });
    const search = page.getByRole('combobox', { name: 'Search layers to add' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await act('type Conv2d(3, 32, 3, padding=1) + Enter', async () => {
      await search.fill('Conv2d(3, 32, 3, padding=1)');
      await search.press('Enter');
    });
    const [conv1] = await fresh('Conv2d', []);

    // With a layer selected, the palette adds after it, wired.
    await act('double-click ReLU in the palette', () => page.getByRole('button', { name: 'ReLU', exact: true }).dblclick());
    const [relu1] = await fresh('ReLU', []);
    await act('double-click MaxPool2d in the palette', () => page.getByRole('button', { name: 'MaxPool2d', exact: true }).dblclick());
    const [pool1] = await fresh('MaxPool2d', []);
    await screenshot(page, 'e2e-convnet-01-first-block');

    // One sweep selects the block; Ctrl+D repeats a chain after itself; the inspector tunes the copy.
    const a = await nodeBox(conv1);
    const b = await nodeBox(pool1);
    await act('shift-drag a marquee over the block', async () => {
      await page.keyboard.down('Shift');
      await page.mouse.move(a.x + 10, Math.min(a.y, b.y) - 24);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height + 24, { steps: 8 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
    });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(3);
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    for (const [channels, shot] of [
      ['64', 'e2e-convnet-02-second-block'],
      ['128', 'e2e-convnet-03-third-block'],
    ]) {
      const convsBefore = await nodeIds(page, 'Conv2d');
      await act('Ctrl+D', () => page.keyboard.press('Control+d'));
      const [conv] = await fresh('Conv2d', convsBefore);
      const field = inspector.getByRole('group', { name: `Conv2d ${conv}` }).getByLabel('out_channels', { exact: true });
      await act(`set out_channels to ${channels}`, async () => {
        await field.fill(channels);
        await field.press('Enter');
      });
      await screenshot(page, shot);
    }
    for (const type of ['Flatten', 'Linear', 'CrossEntropyLoss']) {
      await act(`double-click ${type} in the palette`, () => page.getByRole('button', { name: type, exact: true }).dblclick());
      await fresh(type, []);
    }
    await expect.poll(totalParams).toBe('113,738 trainable parameters');
    await screenshot(page, 'e2e-convnet-04-built');
    const networkActions = log.length;

    // A fresh project trains on MNIST: its 1×28×28 digits do not fit this 3×32×32 Input, which the
    // checker says at once, with both ways out. Choosing the template's dataset clears it.
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.innerText()).toMatch(/Input n1\s+Input n1 gives 3×32×32 samples but MNIST's are 1×28×28/);
    for (const fix of ['Fix: set Input to 1×28×28', 'Fix: use CIFAR-10 files']) expect(await problems.getByRole('button', { name: fix }).count(), fix).toBe(1);
    await screenshot(page, 'e2e-convnet-05-dataset-mismatch');
    await act('open the Training tab', () => page.getByRole('tab', { name: 'Training' }).click());
    await act('choose the template’s dataset (random images)', async () => {
      await page.getByRole('form', { name: 'Training settings' }).getByLabel('Dataset', { exact: true }).selectOption('random');
    });
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect.poll(() => problems.innerText()).toMatch(/No problems/);

    console.log(`e2e: course ConvNet built in ${networkActions} actions, ${log.length} with its dataset:\n  ${log.join('\n  ')}`);
    expect(log.length).toBeLessThanOrEqual(15);

    // Not counted (checks): the document equals the template, layer by layer, shape by shape.
    const built = await savedDocument('convnet-built');
    expect(signature(built)).toEqual(signature(template('cifar-convnet')));
    expect(checkDocument(built).totalParams).toBe(113_738);
    expect(checkDocument(built).diagnostics).toEqual([]);
    expect(built.training.dataset.kind).toBe(template('cifar-convnet').training.dataset.kind);
    expect(built.nodes.find((n) => n.id === relu1)).toBeDefined();
  });

  it('inserts a layer dropped onto a wire, as one undo step', async () => {
    await openTemplate('mnist-mlp');
    const edgesBefore = await page.locator('.react-flow__edge').count();
    const wire = await box('.react-flow__edge[data-id="e_fc1_relu1"] path.react-flow__edge-interaction');
    const canvas = await box('.react-flow__pane');
    const before = await nodeIds(page, 'Tanh');
    await dragFromPalette(page, 'Tanh', { x: wire.x + wire.width / 2 - canvas.x, y: wire.y + wire.height / 2 - canvas.y });
    const [tanh] = await fresh('Tanh', before);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore + 1);
    const doc = await savedDocument('mlp-inserted');
    const into = doc.edges.find((e) => e.to.node === tanh)!;
    const outOf = doc.edges.find((e) => e.from.node === tanh)!;
    expect([into.from.node, outOf.to.node]).toEqual(['fc1', 'relu1']);
    expect(doc.edges.some((e) => e.from.node === 'fc1' && e.to.node === 'relu1')).toBe(false);
    await screenshot(page, 'e2e-insert-on-edge');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore);
    expect(await nodeIds(page, 'Tanh')).toEqual(before);
  });

  it('pastes at the pointer, never on top of the originals', async () => {
    await openTemplate('mnist-mlp');
    // An empty spot of the canvas, clear of the layers and the overlays, so a paste there needs no dodging.
    // Auto-layout fills the canvas with the graph: zoom out until there is one.
    const freeSpot = async (size: { width: number; height: number }) => {
      const canvas = await box('.react-flow__pane');
      const taken = [...(await nodeBoxes(page)), ...(await Promise.all(['.react-flow__minimap', '.react-flow__controls', '.wg-canvas-toolbar'].map(box)))];
      const spots = [0.3, 0.45, 0.6, 0.75, 0.9].flatMap((fy) => [0.1, 0.3, 0.5, 0.7].map((fx) => ({ x: canvas.x + canvas.width * fx, y: canvas.y + canvas.height * fy })));
      return spots.find((t) => {
        // The app keeps 16 flow px between layers: 30 screen px is more than that up to zoom 1.8.
        const b = { x: t.x - 30, y: t.y - 30, width: size.width + 60, height: size.height + 60 };
        return b.x + b.width < canvas.x + canvas.width && b.y + b.height < canvas.y + canvas.height && !taken.some((o) => overlap(b, o));
      });
    };
    let target: { x: number; y: number } | undefined;
    for (let i = 0; i < 5; i++) {
      await viewportSettled(page);
      if ((target = await freeSpot(await nodeBox('relu1')))) break;
      await page.getByRole('button', { name: 'Zoom Out' }).click();
    }
    if (!target) throw new Error('no free spot on the canvas to paste into');
    const relu = await nodeBox('relu1');
    await page.mouse.click(relu.x + relu.width / 2, relu.y + 8);
    await page.keyboard.press('Control+c');
    await page.mouse.move(target.x, target.y, { steps: 4 });
    const before = await nodeIds(page, 'ReLU');
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await nodeIds(page, 'ReLU')).length).toBe(before.length + 1);
    const [pasted] = (await nodeIds(page, 'ReLU')).filter((id) => !before.includes(id));
    const p = await nodeBox(pasted);
    // Its top-left is at the pointer.
    expect(Math.abs(p.x - target.x)).toBeLessThan(3);
    expect(Math.abs(p.y - target.y)).toBeLessThan(3);
    // Pasting again with the pointer on the original lands beside it, not on it.
    await page.mouse.move(relu.x + 20, relu.y + 20, { steps: 4 });
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await nodeIds(page, 'ReLU')).length).toBe(before.length + 2);
    const [second] = (await nodeIds(page, 'ReLU')).filter((id) => !before.includes(id) && id !== pasted);
    const all = await Promise.all((await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!))).filter((id) => id !== second).map(nodeBox));
    const s = await nodeBox(second);
    for (const other of all) expect(overlap(s, other)).toBe(false);
    await screenshot(page, 'e2e-paste-at-pointer');
  });


  /** Presses L on the open graph, waits for the animated fit to settle, and checks every node against every overlay. */
  async function layoutClearOfOverlays(label: string, count: number): Promise<void> {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('l');
    await viewportSettled(page);
    const overlays: Record<string, Box> = {};
    for (const [name, sel] of Object.entries({
      minimap: '.react-flow__minimap',
      controls: '.react-flow__controls',
      toolbar: '.wg-canvas-toolbar',
      dock: '.wg-dock',
      palette: '.wg-palette',
      inspector: '.wg-inspector',
      topbar: '.wg-topbar',
      statusbar: '.wg-statusbar',
    })) overlays[name] = await box(sel);
    const canvas = await box('.wg-canvas');
    const ids = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
    expect(ids).toHaveLength(count);
    for (const nid of ids) {
      const n = await nodeBox(nid);
      // Handles stick out 6 px on each side: they count.
      const grown = { x: n.x - 7, y: n.y - 7, width: n.width + 14, height: n.height + 14 };
      for (const [name, o] of Object.entries(overlays)) expect(overlap(grown, o), `${label}: ${nid} under the ${name}`).toBe(false);
      const inside = grown.x >= canvas.x && grown.y >= canvas.y && grown.x + grown.width <= canvas.x + canvas.width && grown.y + grown.height <= canvas.y + canvas.height;
      expect(inside, `${label}: ${nid} inside the canvas`).toBe(true);
    }
  }

  async function chooseSetting(name: string): Promise<void> {
    await page.getByRole('button', { name: 'View settings' }).click();
    await page.getByRole('radio', { name }).click();
    await page.getByRole('button', { name: 'View settings' }).click();
  }

  const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? 0);

  // Dark runs in a 1280×800 window: a long chain must still open readable there (it wraps into rows).
  for (const [scheme, window] of [
    ['light', { width: 1440, height: 900 }],
    ['dark', { width: 1280, height: 800 }],
  ] as const) {
    it(`after auto-layout no overlay covers a node of any template (${scheme}, ${window.width}×${window.height}); each fits at zoom ≥ 0.5`, async () => {
      await page.setViewportSize(window);
      try {
        await chooseSetting(scheme === 'light' ? 'Light' : 'Dark');
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        const figures: string[] = [];
        for (const id of TEMPLATES) {
          await openTemplate(id);
          await viewportSettled(page);
          const opened = await zoom();
          await layoutClearOfOverlays(id, template(id).nodes.length);
          const laid = await zoom();
          figures.push(`${id} ${opened.toFixed(2)} (after L ${laid.toFixed(2)})`);
          expect(opened, `${id} opened`).toBeGreaterThanOrEqual(0.5);
          expect(laid, `${id} after L`).toBeGreaterThanOrEqual(0.5);
          // The stored template is what L gives: laying it out again changes nothing, so it stays unmodified.
          expect(await page.getByRole('img', { name: 'Unsaved changes' }).count(), `${id} moved under L`).toBe(0);
          await screenshot(page, `e2e-layout-${id}-${scheme}`);
        }
        console.log(`e2e: fitted zoom in a ${window.width}×${window.height} window: ${figures.join(', ')}`);
      } finally {
        await page.setViewportSize({ width: 1440, height: 900 });
      }
    });
  }

  it('top to bottom, when chosen in View settings: templates open that way and stay clear of the overlays', async () => {
    await chooseSetting('Light');
    await chooseSetting('Top to bottom');
    for (const id of ['mnist-mlp', 'cifar-convnet']) {
      await openTemplate(id);
      // Down from the Input (a long chain wraps into columns, left to right).
      const input = await nodeBox('input');
      const next = await nodeBox(template(id).edges.find((e) => e.from.node === 'input' && e.from.port === 'x')!.to.node);
      expect(next.y).toBeGreaterThan(input.y + input.height);
      expect((await nodeBox('loss')).x).toBeGreaterThanOrEqual(input.x);
      await layoutClearOfOverlays(`${id} TB`, template(id).nodes.length);
      expect(await page.getByRole('img', { name: 'Unsaved changes' }).count(), `${id} moved under L`).toBe(0);
      await screenshot(page, `e2e-layout-${id}-top-to-bottom`);
    }
    await chooseSetting('Left to right');
  });

  it('raised no page errors', () => {
    expect(errors.filter((e) => !/favicon|404 \(Not Found\)/.test(e))).toEqual([]);
  });
});
