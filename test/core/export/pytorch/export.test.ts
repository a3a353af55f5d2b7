/**
 * The PyTorch export without Python: names, the model text, the weights files, the errors,
 * and `wiregrad export --format` as a user runs it (the bundled CLI).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { initParams, paramLayout } from '../../../../core/compile/paramLayout';
import { exportFormats } from '../../../../core/export/formats';
import { weightsPathFor, writeWeightsFile } from '../../../../core/project/weightsFile';
import { onnx } from 'onnx-proto';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import { className, NameScope, snakeName } from '../../../../core/export/pytorch/names';
import type { ProjectDocument } from '../../../../core/graph/document';
import { parseDocument } from '../../../../core/graph/parse';
import { getLayer } from '../../../../core/layers/index';
import { CompileError } from '../../../../core/ir/errors';
import { buildBundles } from '../../runtime/helpers';
import { ROOT } from './python';

function template(name: string): ProjectDocument {
  const file = path.join(ROOT, `assets/templates/${name}.wiregrad.json`);
  return parseDocument(fs.readFileSync(file, 'utf8'), file);
}

function files(doc: ProjectDocument, opts: Partial<Parameters<typeof exportPyTorch>[1]> = {}) {
  const out = exportPyTorch(doc, { as: 'script', fileName: 'model.py', ...opts });
  return {
    script: out.find((f) => f.name === 'model.py')!.data as string,
    bin: out.find((f) => f.name === 'model.weights.bin')!.data as Uint8Array,
    index: JSON.parse(out.find((f) => f.name === 'model.weights.json')!.data as string),
  };
}

const floats = (bin: Uint8Array) => new Float32Array(bin.slice().buffer);

describe('Python names from canvas names', () => {
  it('makes identifiers, keeps them distinct and away from keywords and nn.Module members', () => {
    expect(snakeName('Hidden layer 1')).toBe('hidden_layer_1');
    expect(snakeName('convBlock')).toBe('conv_block');
    expect(snakeName('Über-Schicht!')).toBe('uber_schicht');
    const scope = new NameScope();
    expect(['fc1', 'fc1', 'class', 'train', 'x', '3x3 conv', '∑'].map((n) => scope.claim(n))).toEqual(['fc1', 'fc1_2', 'class_2', 'train_2', 'x_2', 'node_3x3_conv', 'node']);
    expect(className('MNIST MLP', 'Model')).toBe('MnistMlp');
    expect(className('3 layers', 'Model')).toBe('Model3Layers');
    expect(className('***', 'Model')).toBe('Model');
  });
});

describe('the model class', () => {
  it('uses labels as attribute names, spells every parameter like PyTorch and chains forward through x', () => {
    const doc = template('cifar-convnet');
    doc.nodes = doc.nodes.map((n) => (n.id === 'fc' ? { ...n, label: 'Classifier' } : n));
    const { script } = files(doc);
    expect(script).toContain('class CifarConvNet(nn.Module):');
    expect(script).toContain('self.conv1 = nn.Conv2d(3, 32, kernel_size=3, padding=1)  # Conv2d: 3×32×32 → 32×32×32');
    expect(script).toContain('self.pool1 = nn.MaxPool2d(2)');
    expect(script).toContain('self.classifier = nn.Linear(2048, 10)  # fc, Linear: 2048 → 10');
    expect(script).toContain('        x = self.classifier(x)\n        return x');
    expect(script).toContain('criterion = nn.CrossEntropyLoss()');
    expect(script).toContain('torch.optim.SGD(parameters, lr=0.01, momentum=0, dampening=0, nesterov=False, weight_decay=0)');
    expect(script).toContain('AUGMENT = {"hflip": 0.5, "rotation": 10, "random_crop": None, "random_resized_crop": None, "color_jitter": None, "random_erasing": None}');
    expect(script).toContain('NORMALIZE = {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}');
    expect(script).toContain('random_dataset(2048, INPUT_SHAPE, 10, seed)');
    expect(script).not.toContain('def read_idx('); // only the readers the dataset needs
    expect(script.startsWith('#!/usr/bin/env python3\n"""CIFAR ConvNet: a Wiregrad project as a PyTorch training script.')).toBe(true);
  });

  it('writes the optimizer with all its hyper-parameters and MNIST\'s default normalisation', () => {
    const doc = template('mnist-lenet');
    doc.training.optimizer = { type: 'adamw', lr: 0.002, betas: [0.85, 0.99], eps: 1e-7, weight_decay: 0.05 };
    const { script } = files(doc);
    expect(script).toContain('torch.optim.AdamW(parameters, lr=0.002, betas=(0.85, 0.99), eps=1e-7, weight_decay=0.05)');
    expect(script).toContain('NORMALIZE = {"mean": [0.1307], "std": [0.3081]}');
    expect(script).toContain('def idx_dataset(');
    expect(script).toContain('self.fc1 = nn.Linear(400, 120)');
  });

  it('leaves out nodes whose output reaches no loss (even broken ones), as training does', () => {
    const doc = template('mnist-mlp');
    doc.nodes.push({ id: 'side', type: 'Linear', params: { out_features: 3 }, position: { x: 0, y: 0 } });
    doc.nodes.push({ id: 'broken', type: 'Conv2d', params: {}, position: { x: 0, y: 0 } });
    doc.edges.push({ id: 'e-side', from: { node: 'flatten', port: 'out' }, to: { node: 'side', port: 'in' } });
    doc.edges.push({ id: 'e-broken', from: { node: 'side', port: 'out' }, to: { node: 'broken', port: 'in' } });
    const { script, index, bin } = files(doc);
    expect(script).not.toContain('self.side');
    expect(script).toContain('left out: side, broken');
    expect(index.tensors.map((t: { name: string }) => t.name)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);
    const layout = paramLayout(doc, checkDocument(doc));
    expect(index.total).toBe(layout.total);
    expect(Array.from(floats(bin))).toEqual(Array.from(initParams(layout, doc.training.seed)));
  });

  it('names the node of a layer without a PyTorch form', () => {
    const doc = template('mnist-mlp');
    const noForm = (type: string) => (type === 'ReLU' ? { ...getLayer(type), torch: undefined } : getLayer(type));
    expect(() => exportPyTorch(doc, { as: 'script', fileName: 'model.py', resolveLayer: noForm })).toThrow(
      expect.objectContaining({ code: 'TORCH_NO_FORM', nodeId: 'relu1' }),
    );
  });

  it('refuses a graph with errors, naming the node', () => {
    const doc = template('mnist-mlp');
    doc.nodes = doc.nodes.map((n) => (n.id === 'fc2' ? { ...n, params: { ...n.params, in_features: 100 } } : n));
    let err: unknown;
    try {
      exportPyTorch(doc, { as: 'script', fileName: 'model.py' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect(err).toMatchObject({ code: 'LINEAR_IN_FEATURES', nodeId: 'fc2' });
  });
});

describe('the weights beside the script', () => {
  it('hold the initial weights of the seed as little-endian float32, indexed by state_dict key', () => {
    const doc = template('mnist-lenet');
    const { bin, index } = files(doc, { seed: 3 });
    const layout = paramLayout(doc, checkDocument(doc));
    expect(Array.from(floats(bin))).toEqual(Array.from(initParams(layout, 3)));
    expect(new DataView(bin.buffer).getFloat32(4, true)).toBe(initParams(layout, 3)[1]);
    expect(index).toMatchObject({ format: 'wiregrad-weights', file: 'model.weights.bin', dtype: 'float32', byte_order: 'little', source: 'initial', seed: 3 });
    expect(index.tensors[0]).toEqual({ name: 'conv1.weight', key: 'conv1.weight', kind: 'param', shape: [6, 1, 5, 5], offset: 0, init: layout.slots[0].init });
  });

  it('hold trained weights given as a flat vector or by name, and refuse ones of another graph', () => {
    const doc = template('mnist-mlp');
    const layout = paramLayout(doc, checkDocument(doc));
    const trained = Float32Array.from({ length: layout.total }, (_, i) => Math.sin(i));
    const a = files(doc, { params: trained });
    expect(Array.from(floats(a.bin))).toEqual(Array.from(trained));
    expect(a.index.source).toBe('trained');
    expect(a.index.seed).toBeUndefined();
    expect(a.script).toContain('the trained weights');
    const byName = new Map(layout.slots.map((s) => [s.name, trained.subarray(s.offset, s.offset + s.size)]));
    expect(Array.from(floats(files(doc, { weights: byName }).bin))).toEqual(Array.from(trained));
    expect(() => files(doc, { params: trained.subarray(1) })).toThrow(expect.objectContaining({ code: 'WEIGHTS_MISMATCH' }));
    byName.delete('fc2.bias');
    expect(() => files(doc, { weights: byName })).toThrow(/lack fc2\.bias/);
  });
});

describe('wiregrad export --format', () => {
  let tmp: string;
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/wiregrad.js'), 'export', ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  const MLP = path.join(ROOT, 'assets/templates/mnist-mlp.wiregrad.json');

  beforeAll(() => {
    buildBundles();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-export-format-'));
  }, 120_000);
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('pytorch writes model.py and its weights beside it; notebook the .ipynb; onnx-train the step and its state', () => {
    for (const d of ['out', 'nb', 'st']) fs.mkdirSync(path.join(tmp, d));
    const r = cli(MLP, '--format', 'pytorch', '-o', 'out/model.py', '--seed', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(tmp, 'out')).sort()).toEqual(['model.py', 'model.weights.bin', 'model.weights.json']);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'out/model.weights.json'), 'utf8')).seed).toBe(2);
    const n = cli(MLP, '--format', 'notebook', '-o', 'nb/mlp.ipynb');
    expect(n.status, n.stderr).toBe(0);
    expect(fs.readdirSync(path.join(tmp, 'nb')).sort()).toEqual(['mlp.ipynb', 'mlp.weights.bin', 'mlp.weights.json']);
    const t = cli(MLP, '--format', 'onnx-train', '-o', 'st/step.onnx');
    expect(t.status, t.stderr).toBe(0);
    expect(fs.readdirSync(path.join(tmp, 'st')).sort()).toEqual(['step.onnx', 'step.state.bin', 'step.state.json']);
  });

  it("exports the project's weights file when it fits (trained or imported), else or with --fresh the initial weights", async () => {
    const doc = parseDocument(fs.readFileSync(MLP, 'utf8'));
    const project = path.join(tmp, 'weighted.wiregrad.json');
    fs.writeFileSync(project, JSON.stringify(doc));
    const layout = paramLayout(doc, checkDocument(doc));
    // Every tensor a distinct constant, so the test sees each one arrive where it belongs.
    await writeWeightsFile(weightsPathFor(project), { tensors: new Map(layout.slots.map((s, i) => [s.name, { shape: s.shape, data: new Float32Array(s.size).fill(i + 0.5) }])), metadata: { source: 'test' } });
    fs.mkdirSync(path.join(tmp, 'w'));
    const r = cli('weighted.wiregrad.json', '--format', 'pytorch', '-o', 'w/model.py');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`weights from ${weightsPathFor(project)}`);
    const index = JSON.parse(fs.readFileSync(path.join(tmp, 'w/model.weights.json'), 'utf8'));
    expect(index.source).toBe('trained');
    const values = floats(fs.readFileSync(path.join(tmp, 'w/model.weights.bin')));
    for (const [i, s] of layout.slots.entries()) expect(values.subarray(s.offset, s.offset + s.size)).toEqual(new Float32Array(s.size).fill(i + 0.5));
    expect(fs.readFileSync(path.join(tmp, 'w/model.py'), 'utf8')).toContain("the project's weights (weighted.wiregrad.weights)");
    // The ONNX export holds them too.
    const o = cli('weighted.wiregrad.json', '-o', 'w/model.onnx');
    expect(o.status, o.stderr).toBe(0);
    const bias = onnx.ModelProto.decode(fs.readFileSync(path.join(tmp, 'w/model.onnx'))).graph!.initializer!.find((t) => t.name === 'fc1.bias')!;
    const biasValues = bias.floatData?.length ? Float32Array.from(bias.floatData) : floats(Uint8Array.from(bias.rawData!));
    expect(biasValues).toEqual(new Float32Array(layout.slots.find((s) => s.name === 'fc1.bias')!.size).fill(1.5));
    // --fresh, or a weights file of another graph: the seeded initial weights, and stderr says why.
    const initial = cli('weighted.wiregrad.json', '--format', 'pytorch', '-o', 'w/init.py', '--fresh', '--seed', '3');
    expect(initial.status, initial.stderr).toBe(0);
    expect(floats(fs.readFileSync(path.join(tmp, 'w/init.weights.bin')))).toEqual(initParams(layout, 3));
    doc.nodes = doc.nodes.map((n) => (n.id === 'fc3' ? { ...n, params: { ...n.params, out_features: 5 } } : n));
    fs.writeFileSync(project, JSON.stringify(doc));
    const stale = cli('weighted.wiregrad.json', '--format', 'pytorch', '-o', 'w/stale.py');
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(/weights: the initial weights of seed \d+, since weighted\.wiregrad\.weights gives fc3\.weight \d+ values but the graph needs \d+/);
  });

  it('lists the formats in its usage, refuses an unknown one (exit 2) and a graph with errors (exit 1, no files)', () => {
    const help = spawnSync(process.execPath, [path.join(ROOT, 'bin/wiregrad.js'), 'export', '--help'], { encoding: 'utf8' });
    for (const f of exportFormats) expect(help.stdout).toContain(`--format ${f.name}`);
    const bad = cli(MLP, '--format', 'keras', '-o', 'k.py');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`unknown --format "keras"; use ${exportFormats.map((f) => f.name).join(', ')}`);
    const doc = parseDocument(fs.readFileSync(MLP, 'utf8'));
    doc.nodes = doc.nodes.map((n) => (n.id === 'fc2' ? { ...n, params: { ...n.params, in_features: 100 } } : n));
    fs.writeFileSync(path.join(tmp, 'bug.wiregrad.json'), JSON.stringify(doc));
    fs.mkdirSync(path.join(tmp, 'bug'));
    const r = cli('bug.wiregrad.json', '--format', 'pytorch', '-o', 'bug/model.py');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('LINEAR_IN_FEATURES');
    expect(r.stderr).not.toContain('    at ');
    expect(fs.readdirSync(path.join(tmp, 'bug'))).toEqual([]);
  });
});
