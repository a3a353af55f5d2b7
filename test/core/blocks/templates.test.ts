/**
 * The block templates: the course ConvNet written with CustomLayer blocks (section 8.1) is
 * the flat course ConvNet template, layer for layer, and trains to exactly its losses; the
 * CIFAR ResNet-8 (stem, ResidualBlock, two strided DownBlocks with 1×1 projection
 * shortcuts, global average pooling, Linear) checks, counts 78,042 parameters like the
 * layers' flat ResNet-8 bench model and PyTorch's twin, and trains.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { paramLayout } from '../../../core/compile/paramLayout';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { buildBundles, trajectory } from '../runtime/helpers';

const template = (name: string): ProjectDocument => {
  const file = path.resolve(__dirname, '../../../assets/templates', `${name}.wiregrad.json`);
  return parseDocument(fs.readFileSync(file, 'utf8'), file);
};
const fast = (doc: ProjectDocument): ProjectDocument => ({ ...doc, training: { ...doc.training, batch_size: 16, shuffle: false } });

beforeAll(() => buildBundles(), 120_000);

describe('block templates', () => {
  it('the ConvNet with CustomLayer blocks is the course ConvNet: same layers, same parameters, same losses', async () => {
    const blocks = template('cifar-convnet-blocks');
    const flat = template('cifar-convnet');
    const rb = checkDocument(blocks);
    expect(rb.diagnostics).toEqual([]);
    expect(Object.keys(blocks.blocks!)).toEqual(['CustomLayer']);
    expect(rb.totalParams).toBe(checkDocument(flat).totalParams);
    expect(paramLayout(blocks, rb).slots.map((s) => `${s.name} ${s.shape.join('x')}`).slice(0, 2)).toEqual(['block1/conv.weight 32x3x3x3', 'block1/conv.bias 32']);
    expect(paramLayout(blocks, rb).slots.map((s) => s.shape)).toEqual(paramLayout(flat, checkDocument(flat)).slots.map((s) => s.shape));
    const a = await trajectory(fast(blocks), { maxSteps: 3, stepsPerRun: 1 });
    const b = await trajectory(fast(flat), { maxSteps: 3, stepsPerRun: 1 });
    expect(a.losses).toHaveLength(3);
    expect(a.losses).toEqual(b.losses);
  }, 120_000);

  it('the ResNet-8 with ResidualBlock and DownBlock checks, has 78,042 parameters and trains', async () => {
    const doc = template('cifar-resnet8');
    const r = checkDocument(doc);
    expect(r.diagnostics).toEqual([]);
    expect(r.totalParams).toBe(78_042);
    expect(r.nodes.res3.outputs.out!.shape).toEqual([64, 8, 8]);
    expect(r.inner!['res2/down'].outputs.out!.shape).toEqual([32, 16, 16]);
    const t = await trajectory(fast(doc), { maxSteps: 2, stepsPerRun: 1 });
    expect(t.losses.every(Number.isFinite)).toBe(true);
  }, 120_000);
});
