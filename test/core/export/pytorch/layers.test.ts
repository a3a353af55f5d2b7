/**
 * Registry-driven: every layer has a PyTorch form, and the module it writes computes what
 * Wiregrad's lowering computes. For each registered layer the test builds a small project
 * around it (Input → layer → [Flatten →] Linear → CrossEntropyLoss, or Input → Linear → loss
 * for losses), exports it as a script with random weights and buffers, runs the script's model
 * in PyTorch (eval mode) and compares logits and loss with ONNX Runtime running Wiregrad's own
 * programs from the same tensors.
 * Adding a layer adds its case; a layer without a `torch` stanza fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../../core/check/check';
import { bufferLayout, initBuffers, initParams, paramLayout } from '../../../../core/compile/paramLayout';
import { buildProgram } from '../../../../core/compile/programs';
import { findOutput } from '../../../../core/compile/signature';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import type { ProjectDocument } from '../../../../core/graph/document';
import { layerCatalog } from '../../../../core/layers/index';
import type { LayerDef } from '../../../../core/layers/types';
import { emitModel } from '../../../../core/onnx/emit';
import { exportInferenceModel } from '../../../../core/onnx/export';
import { Rng } from '../../../../core/util/rng';
import { createSession, ort } from '../../onnx/ortHelpers';
import { python, pythonUnavailable } from './python';
import { sampleProject } from '../../../helpers/layerSamples';

const BATCH = 3;

const layers = layerCatalog.filter((d) => d.category !== 'input');

/**
 * Each parameter away from its default in turn (pairs unequal, so both axes are checked),
 * where the layer accepts it: the module text must carry every parameter, not just defaults.
 */
function variants(def: LayerDef): { label: string; doc: ProjectDocument }[] {
  const out = [{ label: def.type, doc: sampleProject(def)! }];
  for (const spec of def.params) {
    const d = spec.default;
    const value =
      spec.kind === 'bool' ? !d
      : spec.kind === 'int' ? (d as number) + 1
      : spec.kind === 'float' ? (d as number) * 0.5 + 0.125
      : spec.kind === 'intPair' ? (d === null ? [1, 2] : [(d as number) + 1, d as number])
      : spec.options ? spec.options.find((o) => o !== d)
      : spec.kind === 'floatList' ? [2.5]
      : undefined;
    for (const v of spec.nullable ? [value, null] : [value]) {
      if (v === undefined) continue;
      const doc = sampleProject(def, { [spec.name]: v });
      if (doc) out.push({ label: `${def.type} ${spec.name}=${JSON.stringify(v)}`, doc });
    }
  }
  return out;
}

describe('every registered layer has a PyTorch form', () => {
  it.each(layers.map((d) => [d.type, d]))('%s', (_type, def) => {
    expect(def.torch, `${def.type} needs a \`torch\` stanza in its layer file (core/layers/${def.type}.ts)`).toBeDefined();
    const doc = sampleProject(def);
    expect(doc, `no sample project for ${def.type}: give it a shape in SAMPLE_SHAPES (test/helpers/layerSamples.ts) that its defaults accept`).not.toBeNull();
    const script = exportPyTorch(doc!, { as: 'script', fileName: 'model.py' }).find((f) => f.name === 'model.py')!.data as string;
    if (def.category !== 'loss') expect(script).toContain(`self.layer = ${def.torch!.module({ params: checkDocument(doc!).nodes.layer.params, inputs: {}, call: 'self.layer', args: {} }).split('(')[0]}(`);
  });
});

interface Tensors {
  params: Float32Array;
  buffers: Float32Array;
}

async function runInference(doc: ProjectDocument, t: Tensors, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await createSession(exportInferenceModel(doc, t));
  try {
    const out = await session.run({ input: new ort.Tensor('float32', x, shape) });
    return out.logits.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Wiregrad's eval program (forward + loss) through ONNX Runtime, fed by the roles of its signature. */
async function runLoss(doc: ProjectDocument, t: Tensors, x: Float32Array, shape: number[], y: number[]): Promise<number> {
  const compiled = buildProgram(doc, 'eval', BATCH);
  const feeds: Record<string, ort.Tensor> = {};
  for (const port of compiled.signature.inputs) {
    if (port.role === 'params' || port.role === 'buffers') feeds[port.name] = new ort.Tensor('float32', t[port.role], port.shape);
    else if (port.role === 'x') feeds[port.name] = new ort.Tensor('float32', x, shape);
    else if (port.role === 'y') feeds[port.name] = new ort.Tensor('int64', BigInt64Array.from(y.map(BigInt)), [BATCH]);
    else throw new Error(`the eval program of ${doc.name} wants a ${port.role} input`);
  }
  const loss = findOutput(compiled.signature, 'loss')!.name;
  const session = await createSession(emitModel(compiled.program, {}));
  try {
    const out = await session.run(feeds);
    return (out[loss].data as Float32Array)[0];
  } finally {
    await session.release();
  }
}

const why = pythonUnavailable('torch');

describe.skipIf(why !== null)('exported modules compute what Wiregrad computes (PyTorch)', () => {
  let tmp: string;
  const samples = layers.flatMap(variants);
  const cases: { label: string; doc: ProjectDocument; x: Float32Array; shape: number[]; y: number[]; logits: Float32Array; loss: number }[] = [];
  let result: { cases: { logits: number[]; loss: number; keys: string[]; init?: number[]; error?: string }[]; rng: Record<string, number[]> };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-torch-layers-'));
    const rng = new Rng(11);
    for (const [k, { label, doc }] of samples.entries()) {
      const sample = doc.nodes.find((n) => n.id === 'input')!.params.shape as number[];
      const shape = [BATCH, ...sample];
      const x = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.uniform(-2, 2));
      const y = [1, 7, 3];
      // Weights at their init's scale, but constants (BatchNorm's ones and zeros) perturbed; variances positive.
      const check = checkDocument(doc);
      const layout = paramLayout(doc, check);
      const params = initParams(layout, 99);
      for (const s of layout.slots) if (s.init.kind === 'constant') for (let j = 0; j < s.size; j++) params[s.offset + j] += rng.uniform(-0.5, 0.5);
      const t = { params, buffers: Float32Array.from({ length: bufferLayout(doc, check).total }, () => rng.uniform(0.5, 1.5)) };
      cases.push({ label, doc, x, shape, y, logits: await runInference(doc, t, x, shape), loss: await runLoss(doc, t, x, shape, y) });
      const dir = path.join(tmp, String(k));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'model.onnx'), exportInferenceModel(doc, t));
      for (const f of exportPyTorch(doc, { as: 'script', fileName: 'model.py', ...t })) fs.writeFileSync(path.join(dir, f.name), f.data);
    }
    const request = {
      cases: cases.map((c, i) => ({ script: path.join(tmp, String(i), 'model.py'), x: Array.from(c.x), shape: c.shape, y: c.y, ...(c.label === 'BatchNorm2d' ? { init_seed: 7 } : {}) })),
      rng_seed: 42,
    };
    fs.writeFileSync(path.join(tmp, 'request.json'), JSON.stringify(request));
    const r = python([path.join(__dirname, 'run_exported.py'), path.join(tmp, 'request.json')]);
    expect(r.code, r.output).toBe(0);
    result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  }, 180_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("every sample's ONNX export passes onnx.checker's full check", () => {
    const r = python(['scripts/pytorch/check_onnx.py', ...samples.map((_, k) => path.join(tmp, String(k), 'model.onnx'))]);
    expect(r.code, r.output.split('\n').filter((l) => l.includes('FAILED')).join('\n')).toBe(0);
  });

  it('covers every parameter of every layer that a sample accepts', () => {
    expect(samples.length).toBeGreaterThan(layers.length);
    expect(samples.map((s) => s.label)).toContain('Conv2d stride=[2,1]');
  });

  it.each(layers.flatMap(variants).map((s, i) => [s.label, i]))('%s: same logits and loss as ONNX Runtime, state_dict keys from the canvas', (_label, i) => {
    const c = cases[i];
    const got = result.cases[i];
    expect(got.error, `${c.label}: the exported script failed`).toBeUndefined();
    expect(got.logits.length).toBe(c.logits.length);
    let worst = 0;
    c.logits.forEach((v, k) => (worst = Math.max(worst, Math.abs(got.logits[k] - v) / Math.max(1, Math.abs(v)))));
    expect(worst, `${c.label}: logits differ by ${worst}`).toBeLessThan(1e-5);
    expect(Math.abs(got.loss - c.loss) / Math.abs(c.loss), `${c.label}: loss ${got.loss} vs ${c.loss}`).toBeLessThan(1e-5);
    const check = checkDocument(c.doc);
    expect(got.keys.sort()).toEqual([...paramLayout(c.doc, check).slots, ...bufferLayout(c.doc, check).slots].map((s) => s.name).sort());
  });

  it("draws Wiregrad's initial weights for another seed bit for bit, and its generator's streams", () => {
    // The first BatchNorm sample: uniform weights around constant ones and zeros, and buffers.
    const i = samples.findIndex((s) => s.label === 'BatchNorm2d');
    const c = cases[i];
    const check = checkDocument(c.doc);
    const expected = [...initParams(paramLayout(c.doc, check), 7), ...initBuffers(bufferLayout(c.doc, check))];
    expect(expected.length).toBeGreaterThan(paramLayout(c.doc, check).total);
    expect(result.cases[i].init).toEqual(expected);
    const rng = new Rng(42);
    const forked = rng.fork(3);
    expect(result.rng.u32).toEqual([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()]);
    expect(result.rng.forked).toEqual([forked.nextU32(), forked.nextU32(), forked.nextU32()]);
    expect(result.rng.uniform).toEqual([forked.uniform(-2.5, 2.5), forked.uniform(-2.5, 2.5), forked.uniform(-2.5, 2.5)]);
    expect(result.rng.below).toEqual(Array.from({ length: 5 }, () => forked.int(7)));
    expect(result.rng.shuffle).toEqual(forked.shuffle(Array.from({ length: 12 }, (_, k) => k)));
  });
});
