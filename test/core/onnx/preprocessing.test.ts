/**
 * `export --with-preprocessing`: the training normalisation as Sub/Div nodes in the graph.
 * Raw inputs as ToTensor scales them ([0, 1]) into that model give what normalised inputs
 * give the plain export; the metadata says the normalisation is inside; a normalisation
 * nobody recorded ("compute" without a run) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { exportInferenceModel } from '../../../core/onnx/export';
import { readMetadata } from '../../../core/onnx/metadata';
import { Rng } from '../../../core/util/rng';
import { createSession, ort } from './ortHelpers';

const templates = path.resolve(__dirname, '../../../assets/templates');
const load = (name: string): ProjectDocument => parseDocument(fs.readFileSync(path.join(templates, name), 'utf8'));

async function run(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const s = await createSession(bytes);
  const out = await s.run({ input: new ort.Tensor('float32', x, shape) });
  await s.release();
  return out.logits.data as Float32Array;
}

describe('export with the normalisation in the graph', () => {
  it.each([
    ['mnist-mlp.wiregrad.json', { mean: [0.5], std: [0.25] }],
    ['cifar-convnet.wiregrad.json', { mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] }],
  ])('%s: raw [0, 1] input gives the outputs normalised input gives the plain model', async (file, normalize) => {
    const doc = { ...load(file), training: { ...load(file).training, normalize } };
    const sample = doc.nodes.find((n) => n.type === 'Input')!.params.shape as number[];
    const shape = [4, ...sample];
    const rng = new Rng(5);
    const raw = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(256) / 255);
    const plane = sample.slice(1).reduce((a, b) => a * b, 1);
    const c = sample[0];
    const normalised = raw.map((v, i) => {
      const ch = Math.floor(i / plane) % c;
      return (v - normalize.mean[normalize.mean.length === 1 ? 0 : ch]) / normalize.std[normalize.std.length === 1 ? 0 : ch];
    });
    const plain = exportInferenceModel(doc, { seed: 3 });
    const inGraph = exportInferenceModel(doc, { seed: 3, withPreprocessing: true });
    const a = await run(inGraph, raw, shape);
    const b = await run(plain, normalised, shape);
    const err = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(err).toBeLessThan(1e-5);
    const meta = readMetadata(onnx.ModelProto.decode(inGraph));
    expect(meta['wiregrad.input.normalization_in_graph']).toBe('true');
    expect(meta['wiregrad.input.preprocessing']).toMatch(/the graph itself subtracts mean/);
    expect(readMetadata(onnx.ModelProto.decode(plain))['wiregrad.input.normalization_in_graph']).toBeUndefined();
  });

  it('refuses a computed normalisation no run recorded', () => {
    const doc = load('mnist-mlp.wiregrad.json');
    doc.training.normalize = 'compute';
    expect(() => exportInferenceModel(doc, { withPreprocessing: true })).toThrow(/computed from the training data/);
  });
});
