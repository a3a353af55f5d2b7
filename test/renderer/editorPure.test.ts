/** Pure parts of the editing UI: fit view clear of overlays, PyTorch-spelled layer search, signatures, grouped problems, save state. */
import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../core/graph/document';
import { checkDocument } from '../../core/check/check';
import { findLayer, layerCatalog } from '../../core/layers/index';
import { fitViewport, intersects, panToReveal, toScreen } from '../../renderer/canvas/fit';
import { paramsFromCall, parseQuery } from '../../renderer/palette/layerQuery';
import { torchSignature } from '../../renderer/palette/signature';
import { countsText, problemCounts, problemItems } from '../../renderer/dock/problemGroups';
import { inputPresets } from '../../renderer/canvas/inputPresets';
import { DATASET_KINDS } from '../../core/data/kinds/index';
import { saveState } from '../../renderer/shell/StatusBar';
import { createNode } from '../../renderer/store/nodeFactory';
import { chain } from './fixtures';

describe('fit view clear of the overlays', () => {
  const size = { width: 900, height: 500 };
  // Minimap bottom right, zoom controls bottom left, toolbar top right: as on the canvas.
  const overlays = [
    { x: 722, y: 380, width: 168, height: 110 },
    { x: 15, y: 400, width: 26, height: 80 },
    { x: 800, y: 10, width: 90, height: 36 },
  ];
  for (const [name, bounds] of [
    ['a long left-to-right chain', { x: 0, y: 0, width: 3700, height: 125 }],
    ['a tall top-to-bottom chain', { x: 0, y: 0, width: 190, height: 2200 }],
    ['a square graph', { x: -200, y: 100, width: 800, height: 700 }],
  ] as const) {
    it(`${name}: the graph's box meets no overlay`, () => {
      const v = fitViewport(bounds, size, overlays);
      const r = toScreen(bounds, v);
      for (const o of overlays) expect(intersects(r, o)).toBe(false);
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(size.width);
      expect(r.y + r.height).toBeLessThanOrEqual(size.height);
    });
  }
  it('gives up the cheaper side: a wide chain keeps nearly the full width', () => {
    const v = fitViewport({ x: 0, y: 0, width: 3700, height: 125 }, size, overlays, { margin: 24 });
    expect(v.zoom).toBeCloseTo((900 - 48) / 3700, 3);
  });
  it("with the nodes' boxes, an overlay need only miss the nodes: a wrapped chain's empty corner takes the minimap", () => {
    // Three rows of four 190×80 layers, the last row one layer short where the minimap sits.
    const boxes = [0, 1, 2].flatMap((row) => [0, 1, 2, 3].filter((col) => row < 2 || col < 3).map((col) => ({ x: col * 300, y: row * 150, width: 190, height: 80 })));
    const bounds = { x: 0, y: 0, width: 1090, height: 380 };
    const corners = [overlays[0], overlays[2]]; // minimap and toolbar (zoom controls hidden)
    const banded = fitViewport(bounds, size, corners);
    const v = fitViewport(bounds, size, corners, { boxes });
    expect(banded.zoom).toBeLessThan(0.76);
    // As large as the canvas's width allows, which the band rule could not reach.
    expect(v.zoom).toBeCloseTo((900 - 48) / 1090, 3);
    for (const b of boxes) for (const o of corners) expect(intersects(toScreen(b, v), o)).toBe(false);
    const r = toScreen(bounds, v);
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width).toBeLessThanOrEqual(size.width);
    expect(r.y + r.height).toBeLessThanOrEqual(size.height);
  });
  it('reveals a node under the minimap by moving it clear', () => {
    const node = { x: 760, y: 400, width: 60, height: 30 };
    const { dx, dy } = panToReveal(node, size, overlays);
    expect(intersects({ ...node, x: node.x + dx, y: node.y + dy }, overlays[0])).toBe(false);
    expect(panToReveal({ x: 300, y: 200, width: 60, height: 30 }, size, overlays)).toEqual({ dx: 0, dy: 0 });
  });
});

describe('layer search in PyTorch spelling', () => {
  const conv = findLayer('Conv2d')!;
  it('reads a call with positional and keyword arguments', () => {
    expect(parseQuery('nn.Conv2d(32, 64, 3, padding=1)')).toEqual({ name: 'Conv2d', args: '32, 64, 3, padding=1' });
    expect(parseQuery('line')).toEqual({ name: 'line' });
    expect(paramsFromCall(conv, '32, 64, 3, padding=1')).toEqual({ params: { in_channels: 32, out_channels: 64, kernel_size: 3, padding: 1 } });
    expect(paramsFromCall(conv, '3, 8, (5, 3), bias=False')).toEqual({ params: { in_channels: 3, out_channels: 8, kernel_size: [5, 3], bias: false } });
    expect(paramsFromCall(findLayer('Input')!, '3, 32, 32')).toEqual({ params: { shape: [3, 32, 32] } });
    expect(paramsFromCall(findLayer('MaxPool2d')!, '2, stride=None')).toEqual({ params: { kernel_size: 2, stride: null } });
  });
  it('says what is wrong, by name', () => {
    expect(paramsFromCall(conv, '3, 8, 3, padd=1')).toEqual({ error: expect.stringMatching(/no parameter “padd”.*padding/) });
    expect(paramsFromCall(findLayer('Linear')!, '10, -2')).toEqual({ error: expect.stringMatching(/out_features/) });
    expect(paramsFromCall(findLayer('ReLU')!, '1')).toEqual({ error: expect.stringMatching(/at most 0/) });
  });
});

describe('palette signatures', () => {
  it('spell PyTorch constructors, required arguments bare', () => {
    expect(torchSignature(findLayer('Conv2d')!)).toBe('nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True)');
    expect(torchSignature(findLayer('Linear')!)).toBe('nn.Linear(in_features, out_features, bias=True)');
    expect(torchSignature(findLayer('MaxPool2d')!)).toBe('nn.MaxPool2d(kernel_size, stride=None, padding=0)');
    expect(torchSignature(findLayer('CrossEntropyLoss')!)).toMatch(/^nn\.CrossEntropyLoss\(.*\)\(input, target\)$/);
    expect(torchSignature(findLayer('BatchNorm2d')!)).toBe('nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
  });
  it('exist for every registered layer', () => {
    for (const def of layerCatalog) expect(torchSignature(def).length).toBeGreaterThan(4);
  });
});

describe('grouped problems', () => {
  it('unwired layers while building are one hint, not one error each; layers are named by label or id', () => {
    const doc = { ...emptyDocument('t'), nodes: [createNode('Input', 'in', { x: 0, y: 0 }), ...['a', 'b', 'c'].map((id) => ({ ...createNode('Linear', id, { x: 0, y: 0 }), label: id === 'b' ? 'fc2' : undefined }))] };
    const items = problemItems(doc, checkDocument(doc));
    const group = items.find((i) => i.kind === 'group')!;
    expect(group).toMatchObject({ kind: 'group', title: '3 layers not connected yet', names: ['Linear a', 'Linear fc2', 'Linear c'] });
    expect(items.filter((i) => i.kind === 'problem').map((i) => (i.kind === 'problem' ? `${i.where}: ${i.diagnostic.code}` : ''))).toEqual(['Model: GRAPH_NO_LOSS']);
    expect(countsText(problemCounts(items))).toBe('1 error · 1 hint');
  });
  it('a graph without problems says so', () => {
    const doc = chain();
    expect(countsText(problemCounts(problemItems(doc, { ...checkDocument(doc), diagnostics: [] })))).toBe('no problems');
  });
});

describe('start points and save state', () => {
  it('Input presets are the sample shapes the dataset kinds fix, from the registry', () => {
    expect(inputPresets(DATASET_KINDS)).toEqual([
      { shape: [1, 28, 28], label: '1×28×28', usedBy: ['MNIST'] },
      { shape: [3, 32, 32], label: '3×32×32', usedBy: ['CIFAR-10 files'] },
    ]);
    expect(inputPresets([{ short: 'A', sampleShape: [2] }, { short: 'B', sampleShape: [2] }, { short: 'C' }])).toEqual([{ shape: [2], label: '2', usedBy: ['A', 'B'] }]);
  });
  it('the save state is the document’s own: a fresh template is not saved, never another project’s time', () => {
    expect(saveState({ savedAt: null, filePath: null, dirty: false }, 0)).toBe('not saved');
    expect(saveState({ savedAt: null, filePath: '/p.wiregrad.json', dirty: false }, 0)).toBe('saved');
    expect(saveState({ savedAt: 1000, filePath: '/p.wiregrad.json', dirty: false }, 31_000)).toBe('saved 30s ago');
    expect(saveState({ savedAt: 1000, filePath: '/p.wiregrad.json', dirty: true }, 2000)).toBe('unsaved changes');
  });
});
