/**
 * The exported script trains like Wiregrad: from the same initial weights on the same
 * batches its per-step losses equal `wiregrad train --no-shuffle --metrics` to 1e-4 relative,
 * in one process and under torchrun with 2 CPU ranks (DDP over gloo), for the three
 * templates. Runs scripts/pytorch/export_parity.py, the documented developer check, on the
 * built CLI and Debian's python3-torch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeIdx } from '../../../../core/data/idx';
import { defaultTraining, type DocNode, type ProjectDocument, type TrainingConfig } from '../../../../core/graph/document';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import { Rng } from '../../../../core/util/rng';
import { buildBundles } from '../../runtime/helpers';
import { expectParity, exportParity } from './exportParity';
import { python, pythonUnavailable, ROOT } from './python';

const parity = exportParity;

const why = pythonUnavailable('torch');

/** A chain project: Input → layers → loss, with the given training section. */
function chain(name: string, shape: number[], layers: [string, DocNode['params']][], loss: string, training: Partial<TrainingConfig>): ProjectDocument {
  const ids = ['input', ...layers.map((_, i) => `n${i + 1}`), 'loss'];
  const types = ['Input', ...layers.map(([t]) => t), loss];
  const params = [{ shape }, ...layers.map(([, p]) => p), {}];
  const nodes = ids.map((id, i) => ({ id, type: types[i], params: params[i], position: { x: 0, y: 0 } }));
  const edges = ids.slice(1).map((id, i) => ({ id: `e${i}`, from: { node: ids[i], port: i === 0 ? 'x' : 'out' }, to: { node: id, port: id === 'loss' ? 'input' : 'in' } }));
  edges.push({ id: 'ey', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } });
  return { version: 1, name, nodes, edges, training: { ...defaultTraining(), ...training } };
}

/** Random 8×8 IDX data: 120 training images (gzip), 30 test images as float32 already in [0, 1]. */
function idxDataset(dir: string, rng: Rng) {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
  const labels = (n: number) => Array.from({ length: n }, () => rng.int(10));
  fs.writeFileSync(path.join(dir, 'train-img.gz'), gzipSync(writeIdx([120, 8, 8], 'ubyte', bytes(120 * 64))));
  fs.writeFileSync(path.join(dir, 'train-lab'), writeIdx([120], 'ubyte', labels(120)));
  fs.writeFileSync(path.join(dir, 'test-img'), writeIdx([30, 8, 8], 'float', Array.from(bytes(30 * 64), (v) => v / 255)));
  fs.writeFileSync(path.join(dir, 'test-lab'), writeIdx([30], 'ubyte', labels(30)));
  const idx = { kind: 'idx' as const, trainImages: path.join(dir, 'train-img.gz'), trainLabels: path.join(dir, 'train-lab'), testImages: path.join(dir, 'test-img'), testLabels: path.join(dir, 'test-lab') };
  return { idx, bytes, labels };
}

describe.skipIf(why !== null)('exported PyTorch script vs wiregrad train', () => {
  it('MLP, LeNet and the CIFAR ConvNet: 30 steps each, single process and 2 ranks, losses within 1e-4', () => {
    buildBundles();
    const { code, runs, output } = parity('--steps', '30');
    expect(code, output).toBe(0);
    expect(runs.map((r) => `${r.model}/${r.run}`)).toEqual(
      ['mlp', 'lenet', 'convnet'].flatMap((m) => [`${m}/single process`, `${m}/2 ranks (gloo)`]),
    );
    for (const r of runs) {
      expect(r.steps, `${r.model} ${r.run}`).toBe(30);
      expect(r.max_rel, `${r.model} ${r.run} at step ${r.at_step}`).toBeLessThanOrEqual(1e-4);
      expect(r.test_loss_rel!, `${r.model} ${r.run}: test loss`).toBeLessThanOrEqual(1e-4);
      expect(r.same_records, `${r.model} ${r.run}: the metrics records have other fields than wiregrad train's`).toBe(true);
    }
  }, 420_000);

  it('a frozen layer (trainable: false → requires_grad_(False)) trains like Wiregrad under AdamW with weight decay', () => {
    buildBundles();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-parity-frozen-'));
    const file = path.join(dir, 'mlp-frozen.wiregrad.json');
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
    doc.nodes = doc.nodes.map((n: DocNode) => (n.id === 'fc1' ? { ...n, trainable: false } : n));
    doc.training.optimizer = { type: 'adamw', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.1 };
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(exportPyTorch(doc, { as: 'script', fileName: 'model.py' }).find((f) => f.name === 'model.py')!.data).toContain('self.fc1.requires_grad_(False)');
    const { runs, output } = parity('--models', file, '--steps', '15', '--ranks', '1');
    fs.rmSync(dir, { recursive: true, force: true });
    // The losses only (the records' fields are the first test's business).
    expect(runs, output).toHaveLength(1);
    expect(runs[0].max_rel).toBeLessThanOrEqual(1e-4);
  }, 200_000);

  it('an odd global batch splits 32/31 over 2 ranks, weighted by shard size, and still matches (SGD with momentum and dampening)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-parity-odd-'));
    const file = path.join(dir, 'mlp-dampening.wiregrad.json');
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
    doc.training.optimizer = { type: 'sgd', lr: 0.02, momentum: 0.9, dampening: 0.5, nesterov: false, weight_decay: 0.001 };
    fs.writeFileSync(file, JSON.stringify(doc));
    const { code, runs, output } = parity('--models', file, '--batch-size', '63', '--steps', '20', '--ranks-only');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code, output).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0].max_rel).toBeLessThanOrEqual(1e-4);
  }, 200_000);

  describe('other datasets, losses and optimizers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-parity-kinds-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('IDX (gzip, float test set, validation split) with MSELoss, Nesterov, Adam, BatchNorm1d and computed normalisation; CIFAR-10 binaries with AdamW, BatchNorm2d and augmentation', () => {
      const rng = new Rng(9);
      const { idx, bytes, labels } = idxDataset(dir, rng);
      // CIFAR-10: two of the five training files and the test file.
      const cifar = path.join(dir, 'cifar');
      fs.mkdirSync(cifar);
      const records = (n: number) => Buffer.concat(labels(n).map((l) => Buffer.concat([Buffer.from([l]), bytes(3072)])));
      fs.writeFileSync(path.join(cifar, 'data_batch_1.bin'), records(50));
      fs.writeFileSync(path.join(cifar, 'data_batch_3.bin'), records(30));
      fs.writeFileSync(path.join(cifar, 'test_batch.bin'), records(40));

      const mlp = (name: string, loss: string, optimizer: TrainingConfig['optimizer'], norm: [string, DocNode['params']][] = [], normalize: TrainingConfig['normalize'] = { mean: [0.3], std: [0.2] }) =>
        chain(name, [1, 8, 8], [['Flatten', {}], ['Linear', { out_features: 16, bias: norm.length === 0 }], ...norm, ['Tanh', {}], ['Linear', { out_features: 10 }]], loss, {
          dataset: idx, batch_size: 16, epochs: 3, validation_split: 0.25, normalize, optimizer,
        });
      // Layers before a BatchNorm go without bias, as usual: BatchNorm cancels it, so its gradient
      // is rounding noise that Adam scales up to full steps, differently in each implementation;
      // the losses would not notice, but the running means (and the test loss) would.
      const projects = [
        mlp('idx mse nesterov', 'MSELoss', { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0.001 }),
        mlp('idx adam l2 batchnorm', 'CrossEntropyLoss', { type: 'adam', lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weight_decay: 0.01 }, [['BatchNorm1d', { momentum: null }]], 'compute'),
        chain('cifar adamw batchnorm', [3, 32, 32], [['Conv2d', { out_channels: 4, kernel_size: 3, stride: 2, bias: false }], ['BatchNorm2d', {}], ['Sigmoid', {}], ['AvgPool2d', { kernel_size: 3, stride: 2, padding: 1 }], ['Flatten', {}], ['Linear', { out_features: 10 }]], 'CrossEntropyLoss', {
          dataset: { kind: 'cifar10', dir: cifar }, batch_size: 11, epochs: 2, augment: { hflip: 0.5, rotation: 15 },
          optimizer: { type: 'adamw', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.05 },
        }),
      ];
      const files = projects.map((p, i) => {
        const f = path.join(dir, `p${i}.wiregrad.json`);
        fs.writeFileSync(f, JSON.stringify(p));
        return f;
      });
      // 15 steps cross epoch boundaries and short last batches (90 training samples / 16; 80 / 11), shuffled.
      expectParity(parity('--models', files.join(','), '--steps', '15', '--ranks', '1', '--shuffle'), 3, 15, (r) => !r.model.endsWith('p2.wiregrad.json'));
    }, 300_000);
  });

  it('upsampling layers: ConvTranspose2d (stride 2, output_padding, groups), ReLU6 and Hardtanh train like PyTorch under SGD with momentum', () => {
    buildBundles();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-parity-convT-'));
    const { idx } = idxDataset(dir, new Rng(4));
    // 8×8 → 4×4 → 8×8 → 9×9 (kernel 2, stride 1): the gradients pass through every ConvTranspose path.
    const doc = chain('convT relu6 hardtanh', [1, 8, 8], [
      ['Conv2d', { out_channels: 4, kernel_size: 3, stride: 2, padding: 1 }], ['ReLU6', {}],
      ['ConvTranspose2d', { out_channels: 4, kernel_size: 3, stride: 2, padding: 1, output_padding: 1, groups: 2 }], ['Hardtanh', { min_val: -0.3, max_val: 0.4 }],
      ['ConvTranspose2d', { out_channels: 2, kernel_size: 2, bias: false }], ['ReLU6', {}],
      ['Flatten', {}], ['Linear', { out_features: 10 }],
    ], 'CrossEntropyLoss', { dataset: idx, batch_size: 16, epochs: 2, normalize: { mean: [0.5], std: [0.05] }, optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 } });
    const file = path.join(dir, 'convT.wiregrad.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const result = parity('--models', file, '--steps', '12', '--ranks', '1');
    fs.rmSync(dir, { recursive: true, force: true });
    expectParity(result, 1, 12, () => false);
  }, 200_000);

  it('the script checkpoints, and reports bad data, weights and devices in one line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-script-'));
    try {
      const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
      for (const f of exportPyTorch(doc, { as: 'script', fileName: 'model.py' })) fs.writeFileSync(path.join(dir, f.name), f.data);
      fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), 'not idx');
      const runs = [
        ['--steps', '3', '--checkpoint', 'ck.pt', '--quiet'],
        ['--data', dir],
        ['--data', path.join(dir, 'nowhere')],
        ['--weights', path.join(dir, 'missing.json')],
        ['--device', 'tpu'],
      ];
      // One interpreter runs main() per command line (torch starts once), capturing stderr.
      const driver = `
import contextlib, importlib.util, io, json, sys, torch
spec = importlib.util.spec_from_file_location("model", "model.py"); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
out = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = m.main(argv)
    out.append({"code": code, "stderr": err.getvalue()})
c = torch.load("ck.pt")
print(json.dumps({"runs": out, "checkpoint": [sorted(c), sorted(c["model"]), c["step"]]}))`;
      const r = python(['-c', driver, JSON.stringify(runs)], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as { runs: { code: number; stderr: string }[]; checkpoint: unknown };
      expect(got.checkpoint).toEqual([['epoch', 'model', 'optimizer', 'step'], ['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight', 'fc3.bias', 'fc3.weight'], 3]);
      expect(got.runs[0]).toEqual({ code: 0, stderr: '' });
      const messages = ['train-images-idx3-ubyte: not an IDX file', 'no MNIST folder', 'cannot read the weights', '--device must be cpu, cuda'];
      messages.forEach((message, i) => {
        expect(got.runs[i + 1].code, got.runs[i + 1].stderr).toBe(1);
        expect(got.runs[i + 1].stderr).toContain(message);
        expect(got.runs[i + 1].stderr.trim().split('\n')).toHaveLength(1);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('negative control: the script run from another seed does not match', () => {
    const { code, runs, output } = parity('--models', 'mlp', '--steps', '10', '--ranks', '1', '--mismatch-seed');
    expect(code, output).toBe(1);
    expect(runs[0].max_rel).toBeGreaterThan(1e-3);
  }, 200_000);
});
