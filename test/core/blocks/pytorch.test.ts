/**
 * Blocks in the PyTorch export: each block becomes an nn.Module class like the course's
 * CustomLayer (constructor = the exposed parameters, plus inferred values that differ between
 * instances), instances construct it, state-dict keys follow the nesting, and the exported
 * script of the ConvNet written with CustomLayer blocks trains like `wiregrad train` (losses
 * within 1e-4; scripts/pytorch/export_parity.py, single process).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../../core/export/pytorch/index';
import { parseDocument } from '../../../core/graph/parse';
import { buildBundles } from '../runtime/helpers';
import { python, pythonUnavailable } from '../export/pytorch/python';

const templatePath = (name: string) => path.resolve(__dirname, '../../../assets/templates', `${name}.wiregrad.json`);
const template = (name: string) => parseDocument(fs.readFileSync(templatePath(name), 'utf8'), name);
const text = (files: ReturnType<typeof exportPyTorch>, name: string) => String(files.find((f) => f.name === name)!.data);

describe('blocks as nn.Module classes', () => {
  it('the course CustomLayer: class with the exposed parameters, instances constructed with their values, nested state-dict keys', () => {
    const files = exportPyTorch(template('cifar-convnet-blocks'), { as: 'script', fileName: 'model.py' });
    const py = text(files, 'model.py');
    expect(py).toContain('class CustomLayer(nn.Module):');
    expect(py).toContain('    def __init__(self, in_channels, out_channels, kernel_size, stride, padding):');
    expect(py).toContain('        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, padding=padding)');
    expect(py).toContain('        self.block2 = CustomLayer(in_channels=32, out_channels=64, kernel_size=3, stride=1, padding=1)');
    const index = JSON.parse(text(files, 'model.weights.json'));
    expect(index.tensors.slice(0, 2).map((t: { name: string; key: string }) => `${t.name} → ${t.key}`)).toEqual(['block1/conv.weight → block1.conv.weight', 'block1/conv.bias → block1.conv.bias']);
  });

  it('ResNet-8: a block used at two widths takes the inferred in_channels as an argument', () => {
    const py = text(exportPyTorch(template('cifar-resnet8'), { as: 'script', fileName: 'model.py' }), 'model.py');
    expect(py).toContain('class DownBlock(nn.Module):');
    expect(py).toContain('    def __init__(self, out_channels, in_channels):');
    expect(py).toContain('        self.down = nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=2, bias=False)');
    expect(py).toContain('        self.res3 = DownBlock(out_channels=64, in_channels=32)');
    expect(py.indexOf('class ResidualBlock')).toBeLessThan(py.indexOf('class CifarResNet8'));
  });

  const why = pythonUnavailable('torch');
  it.skipIf(why !== null)('the exported ConvNet with CustomLayer blocks trains like wiregrad train (10 steps)', () => {
    buildBundles();
    const r = python(['scripts/pytorch/export_parity.py', '--json', '--models', templatePath('cifar-convnet-blocks'), '--steps', '10', '--ranks', '1'], { timeout: 400_000 });
    const run = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))[0];
    expect(run, r.output).toBeDefined();
    console.log(`blocks PyTorch parity: ${run.steps} steps, max relative loss difference ${run.max_rel.toExponential(2)}`);
    expect(run.steps).toBe(10);
    expect(run.max_rel).toBeLessThanOrEqual(1e-4);
    expect(run.test_loss_rel).toBeLessThanOrEqual(1e-4);
  }, 420_000);
});
