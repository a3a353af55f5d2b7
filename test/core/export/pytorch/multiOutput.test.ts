/**
 * Blocks with several output pins in the PyTorch export: the block class's forward returns
 * a tuple in pin order and the caller unpacks it (`two_out, two_skip = self.two(x)`). The
 * exported script trains to the same per-step losses as wiregrad train (10 SGD steps on
 * random data, within 1e-4 relative), also with the block nested inside another block.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import { defaultTraining, type ProjectDocument } from '../../../../core/graph/document';
import { chain, node } from '../../blocks/docs';
import { buildBundles } from '../../runtime/helpers';
import { expectParity, exportParity } from './exportParity';
import { pythonUnavailable } from './python';

/** Block TwoWay: in → conv → relu (pin "out"), and conv → conv2 (pin "skip"); the model adds the two. */
function twoOutputs(): ProjectDocument {
  return {
    version: 1, name: 'two outputs',
    training: { ...defaultTraining(), dataset: { kind: 'random', samples: 160, classes: 4 }, batch_size: 16, epochs: 1, shuffle: false, seed: 3,
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 } },
    blocks: {
      TwoWay: {
        params: { width: { default: 4, bind: [{ node: 'conv', param: 'out_channels' }, { node: 'conv2', param: 'out_channels' }] } },
        inputs: [{ name: 'in', node: 'conv', port: 'in' }],
        outputs: [{ name: 'out', node: 'relu', port: 'out' }, { name: 'skip', node: 'conv2', port: 'out' }],
        nodes: [node('conv', 'Conv2d', { kernel_size: 3, padding: 1 }), node('relu', 'ReLU'), node('conv2', 'Conv2d', { kernel_size: 1 })],
        edges: [...chain('', 'conv', 'relu'), { id: 'e9', from: { node: 'conv', port: 'out' }, to: { node: 'conv2', port: 'in' } }],
      },
    },
    nodes: [
      node('input', 'Input', { shape: [2, 6, 6] }), node('two', 'TwoWay', { width: 5 }), node('tanh', 'Tanh'), node('add', 'Add'),
      node('flat', 'Flatten'), node('fc', 'Linear', { out_features: 4 }), node('loss', 'CrossEntropyLoss'),
    ],
    edges: [
      { id: 'a1', from: { node: 'input', port: 'x' }, to: { node: 'two', port: 'in' } },
      { id: 'a2', from: { node: 'two', port: 'skip' }, to: { node: 'tanh', port: 'in' } },
      { id: 'a3', from: { node: 'two', port: 'out' }, to: { node: 'add', port: 'in0' } },
      { id: 'a4', from: { node: 'tanh', port: 'out' }, to: { node: 'add', port: 'in1' } },
      ...chain('b', 'add', 'flat', 'fc', 'loss:input'),
      { id: 'ey', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } },
    ],
  };
}

/** The same network with the Add inside a block Merged that holds TwoWay: a two-output block nested in a one-output one. */
function nested(): ProjectDocument {
  const doc = twoOutputs();
  doc.name = 'nested outputs';
  doc.blocks = {
    ...doc.blocks,
    Merged: {
      params: {},
      inputs: [{ name: 'in', node: 'two', port: 'in' }],
      outputs: [{ name: 'out', node: 'add', port: 'out' }],
      nodes: [node('two', 'TwoWay', { width: 5 }), node('tanh', 'Tanh'), node('add', 'Add')],
      edges: [
        { id: 'm1', from: { node: 'two', port: 'skip' }, to: { node: 'tanh', port: 'in' } },
        { id: 'm2', from: { node: 'two', port: 'out' }, to: { node: 'add', port: 'in0' } },
        { id: 'm3', from: { node: 'tanh', port: 'out' }, to: { node: 'add', port: 'in1' } },
      ],
    },
  };
  doc.nodes = [doc.nodes[0], node('merged', 'Merged'), ...doc.nodes.slice(4)];
  doc.edges = [
    { id: 'a1', from: { node: 'input', port: 'x' }, to: { node: 'merged', port: 'in' } },
    ...chain('b', 'merged', 'flat', 'fc', 'loss:input'),
    { id: 'ey', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } },
  ];
  return doc;
}

const why = pythonUnavailable('torch');

describe('PyTorch export of blocks with several outputs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-multi-out-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a forward that returns a tuple and a caller that unpacks it', () => {
    const doc = twoOutputs();
    expect(checkDocument(doc).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const script = String(exportPyTorch(doc, { as: 'script', fileName: 'model.py' }).find((f) => f.name.endsWith('.py'))!.data);
    expect(script).toMatch(/return \w+, \w+\n/);
    expect(script).toContain('two_out, two_skip = self.two(x)');
  });

  it.skipIf(why !== null)('the exported script trains to the same losses, at the top level and nested in a block (10 steps, 1e-4)', () => {
    buildBundles();
    const files = [['two-outputs', twoOutputs()], ['nested-outputs', nested()]].map(([name, doc]) => {
      const f = path.join(dir, `${name}.wiregrad.json`);
      fs.writeFileSync(f, JSON.stringify(doc));
      return f;
    });
    expect(checkDocument(nested()).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectParity(exportParity('--models', files.join(','), '--steps', '10', '--ranks', '1'), 2, 10, () => false);
  }, 120_000);
});
