/**
 * Conv and its input gradient through ORT's blocked (NCHWc) CPU kernels give the same
 * training steps as the standard ops: the course ConvNet (bias, 3 → 32 → 64 → 128, MaxPool),
 * a chain with channel counts off the block (6 and 12: padded filters, a plain-layout input,
 * ReorderInput padding 12 to 16, a padding-0 input gradient, a ConvTranspose2d with bias) and ResNet-8 (16/32/64 channels,
 * stride 2, 1×1 projections, BatchNorm, Adam) and LeNet, whose 5×5 layers take the blocked
 * kernel only for the forward conv with whole blocks of output channels (6 → 16; 1 → 6 and
 * the 16 → 6 input gradient measured no faster). Every model emitted without the option
 * (exports) keeps the standard ops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { initBuffers, initParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import { defaultOptimizer, type ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { resnet8 } from '../../../core/bench/resnet8';
import { onnx } from 'onnx-proto';
import { emitModel } from '../../../core/onnx/emit';
import { NCHWC_DOMAIN } from '../../../core/ops/nchwcConv';
import { ModelRunner } from '../../../core/runtime/modelRunner';
import { createSession, nchwcBlockSize } from '../../../core/runtime/session';
import { emitLoopModel } from '../../../core/onnx/loop';
import { initialTrainState } from '../../../core/runtime/trainState';
import { Rng } from '../../../core/util/rng';
import { numel, type Attrs } from '../../../core/ir/ir';
import { Builder } from '../../../core/ir/builder';
import { chainDoc } from '../../helpers/docs';
import { buildCase, FORWARD_CASES, SHORTCUT_SUMS } from './cases';
import { splitAttrs } from '../../../core/ops/convShapes';
import { runProgram } from '../../reference/interpreter';
import { expectClose, runOrt } from '../onnx/ortHelpers';

const template = (name: string) => () => parseDocument(fs.readFileSync(path.resolve(__dirname, '../../../assets/templates', `${name}.wiregrad.json`), 'utf8'));
const lenet = template('mnist-lenet');
const offBlock = () =>
  chainDoc([3, 10, 10], [
    ['Conv2d', { in_channels: 3, out_channels: 6, kernel_size: 3, padding: 1 }], ['ReLU'],
    ['Conv2d', { in_channels: 6, out_channels: 12, kernel_size: 3, padding: 0, bias: false }], ['ReLU'],
    ['ConvTranspose2d', { in_channels: 12, out_channels: 8, kernel_size: 3, padding: 1 }], ['ReLU'],
    ['Conv2d', { in_channels: 8, out_channels: 12, kernel_size: 3, padding: 1, stride: 2 }], ['ReLU'],
    ['Flatten'], ['Linear', { out_features: 10 }],
  ]);

const saved = process.env.WIREGRAD_NCHWC;
afterEach(() => {
  if (saved === undefined) delete process.env.WIREGRAD_NCHWC;
  else process.env.WIREGRAD_NCHWC = saved;
});

/** Three training steps on one random batch with the blocked kernels on or off. */
async function steps(base: ProjectDocument, batch: number, optimizer: 'sgd' | 'adam', nchwc: boolean) {
  const opt = optimizer === 'sgd' ? { ...defaultOptimizer('sgd'), lr: 0.05, momentum: 0.9 } : defaultOptimizer('adam');
  const doc: ProjectDocument = { ...base, training: { ...base.training, batch_size: batch, optimizer: opt, device: 'cpu:1' } };
  const check = checkDocument(doc);
  const compiled = buildProgram(doc, 'train', batch, check);
  process.env.WIREGRAD_NCHWC = nchwc ? '1' : '0';
  const runner = new ModelRunner(doc, check, initialTrainState(initParams(compiled.layout, 3), initBuffers(compiled.buffers), compiled.optStateKeys), { threads: 1 });
  const rng = new Rng(11);
  const x = Float32Array.from({ length: batch * numel(compiled.sampleShape) }, () => rng.uniform(-1, 1));
  const y = BigInt64Array.from({ length: batch }, () => BigInt(rng.int(10)));
  const losses: number[] = [];
  try {
    for (let s = 0; s < 3; s++) losses.push((await runner.trainStep(x, y, batch, opt.lr)).loss);
    return { losses, params: Float32Array.from(runner.params), model: emitModel(compiled.program, { fastKernels: true, nchwc: nchwc ? await nchwcBlockSize() : 0 }), compiled };
  } finally {
    await runner.release();
  }
}

const contribOps = (model: Uint8Array) => onnx.ModelProto.decode(model).graph!.node!.filter((n) => n.domain === NCHWC_DOMAIN).map((n) => n.opType);

describe('NCHWc conv lowering on the CPU provider', () => {
  it('ORT reports its block size', async () => {
    expect([8, 16]).toContain(await nchwcBlockSize());
  });

  // Blocked convs expected: every forward conv, every stride-1 input gradient, 4 per 3×3 stride-2
  // input gradient (its output phases, core/ops/nchwcPhases.ts; off-block: 1, ResNet-8: 2), one
  // per 1×1 shortcut's input gradient summed into those phases (ResNet-8: 2), and every weight
  // gradient but those of 1×1 kernels (ConvNet: 3, off-block: 4, ResNet-8: the 7 3×3 ones, LeNet: 2).
  for (const [name, doc, optimizer, blockedConvs] of [['ConvNet', template('cifar-convnet'), 'sgd', 5 + 3], ['off-block channels', offBlock, 'sgd', 6 + 4 + 4], ['ResNet-8', resnet8, 'adam', 13 + 8 + 2 + 7], ['LeNet', lenet, 'adam', 1 + 2]] as const) {
    it(`${name}: same losses and parameters as the standard ops (${optimizer}, 3 steps)`, async () => {
      const plain = await steps(doc(), 8, optimizer, false);
      const blocked = await steps(doc(), 8, optimizer, true);
      expect(contribOps(plain.model)).toEqual([]);
      expect(contribOps(blocked.model).filter((op) => op === 'Conv')).toHaveLength(blockedConvs);
      for (let i = 0; i < 3; i++) expect(Math.abs(blocked.losses[i] - plain.losses[i])).toBeLessThan(1e-5 * Math.abs(plain.losses[i]));
      expect(plain.losses[2]).not.toBe(plain.losses[0]); // the steps did train
      let maxDiff = 0;
      for (let i = 0; i < plain.params.length; i++) maxDiff = Math.max(maxDiff, Math.abs(plain.params[i] - blocked.params[i]));
      // Adam moves every parameter by up to lr (1e-3) a step whatever its gradient's size, so a
      // parameter whose gradient is float noise (ResNet-8's, at batch 8) may differ by a fraction
      // of a step between two summation orders; SGD moves it in proportion to its gradient.
      expect(maxDiff).toBeLessThan(optimizer === 'adam' ? 5e-4 : 1e-4);
    });
  }

  it('the K-step Loop model takes the contrib ops in its body (a session is created without fallback)', async () => {
    const { compiled } = await steps(offBlock(), 4, 'sgd', true);
    const model = emitLoopModel(compiled.program, compiled.signature, 2, { fastKernels: true, nchwc: await nchwcBlockSize() });
    expect(onnx.ModelProto.decode(model).opsetImport!.map((o) => o.domain)).toContain(NCHWC_DOMAIN);
    const session = await createSession(model, { threads: 1 });
    await session.release();
  });
});

describe('ConvWeightGrad as one blocked Conv (g as its kernel)', () => {
  it.each(FORWARD_CASES.ConvWeightGrad.map((c) => [c.name, c] as const))('%s: equals the direct sum', async (_name, c) => {
    const block = await nchwcBlockSize();
    const { b, outs, feeds } = buildCase('ConvWeightGrad', c, 7);
    b.output('dw', outs[0]);
    const program = b.program();
    const bytes = emitModel(program, { fastKernels: true, nchwc: block });
    const ops = onnx.ModelProto.decode(bytes).graph!.node!.map((n) => `${n.domain ?? ''}:${n.opType}`);
    const kernelArea = (c.attrs!.kernel_shape as number[]).reduce((p, k) => p * k, 1);
    // Blocked wherever the kernel is not 1×1 (a batch or channel count off a multiple of 4 is zero-padded).
    expect(ops.includes(`${NCHWC_DOMAIN}:Conv`)).toBe(block > 0 && kernelArea > 1);
    const actual = await runOrt(bytes, program, feeds);
    expectClose(actual.dw, runProgram(program, feeds).dw, 1e-4, c.name);
  });
});

describe('strided ConvTranspose as blocked per-phase Convs (core/ops/nchwcPhases.ts)', () => {
  // [name, g shape, weight shape, attrs, blocked Convs expected (stride_h · stride_w, or 0 for ORT's ConvTranspose)]
  const windows: [string, number[], number[], Attrs, number][] = [
    ['3×3 stride 2 pads 1 output_padding 1, 16 → 8 channels (blocked input), bias', [2, 16, 4, 5], [16, 8, 3, 3], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }, 4],
    ['4×4 stride 2 pads 1 (DCGAN), 3 → 16 channels (plain input)', [2, 3, 3, 3], [3, 16, 4, 4], { kernel_shape: [4, 4], strides: [2, 2], pads: [1, 1, 1, 1] }, 4],
    ['4×4 stride 3 × 3×3 stride 1, 8 → 4 channels', [1, 8, 3, 4], [8, 4, 4, 3], { kernel_shape: [4, 3], strides: [3, 1], pads: [1, 0, 1, 0], output_padding: [1, 0] }, 3],
    ['1×1 stride 2 (phases without taps: ORT\'s ConvTranspose)', [2, 16, 4, 4], [16, 8, 1, 1], { kernel_shape: [1, 1], strides: [2, 2], output_padding: [1, 1] }, 0],
  ];
  it.each(windows)('%s: equals the reference', async (_name, gShape, wShape, attrs, blockedConvs) => {
    const b = new Builder();
    const g = b.input('g', gShape);
    const w = b.input('w', wShape);
    const bias = b.input('bias', [wShape[1]]);
    b.output('y', b.op1('ConvTranspose', [g, w, bias], attrs));
    const program = b.program();
    const rng = new Rng(4);
    const feeds = Object.fromEntries(program.inputs.map((v) => [v.name, { shape: v.shape, data: Float64Array.from({ length: numel(v.shape) }, () => rng.uniform(-1, 1)) }]));
    const bytes = emitModel(program, { fastKernels: true, nchwc: await nchwcBlockSize() });
    expect(contribOps(bytes).filter((op) => op === 'Conv')).toHaveLength(blockedConvs);
    expectClose((await runOrt(bytes, program, feeds)).y, runProgram(program, feeds).y, 1e-4, 'y');
  });
});

describe("a downsampling block's input gradient: the 1×1 shortcut's term inside phase (0, 0) (core/onnx/fuseShortcutGrads.ts)", () => {
  const standardOps = (model: Uint8Array) => onnx.ModelProto.decode(model).graph!.node!.filter((n) => !n.domain).map((n) => n.opType);
  /** Add(ConvTranspose(g, w), ConvTranspose(gs, ws)) as the autograd writes it, the shortcut's term first or second. */
  function program(c: (typeof SHORTCUT_SUMS)[number], shortcutFirst: boolean, shortcutAlsoOutput = false) {
    const [, gShape, wShape, gsShape, wsShape, attrs] = c;
    const [main, shortcut] = splitAttrs(attrs);
    const b = new Builder();
    const [g, w, gs, ws] = [b.input('g', gShape), b.input('w', wShape), b.input('gs', gsShape), b.input('ws', wsShape)];
    const a = b.op1('ConvTranspose', [g, w], main);
    const d = b.op1('ConvTranspose', [gs, ws], shortcut);
    b.output('y', shortcutFirst ? b.add(d, a) : b.add(a, d));
    if (shortcutAlsoOutput) b.output('d', d);
    return b.program();
  }
  const cases = SHORTCUT_SUMS.flatMap((c, k) => [[c[0], c, false, k === 0], [`${c[0]}, shortcut first`, c, true, k === 0]] as const);
  it.each(cases)('%s: equals the reference', async (_name, c, shortcutFirst, fused) => {
    const p = program(c, shortcutFirst);
    const rng = new Rng(5);
    const feeds = Object.fromEntries(p.inputs.map((v) => [v.name, { shape: v.shape, data: Float64Array.from({ length: numel(v.shape) }, () => rng.uniform(-1, 1)) }]));
    const bytes = emitModel(p, { fastKernels: true, nchwc: await nchwcBlockSize() });
    // Fused: 4 phase Convs and the shortcut's 1×1 one, no ConvTranspose and no full-size Add.
    expect(contribOps(bytes).filter((op) => op === 'Conv')).toHaveLength(fused ? 5 : 0);
    expect(standardOps(bytes).filter((op) => op === 'ConvTranspose' || op === 'Add')).toHaveLength(fused ? 0 : 3);
    expectClose((await runOrt(bytes, p, feeds)).y, runProgram(p, feeds).y, 1e-4, 'y');
  });

  it('is not fused where the shortcut term is used elsewhere too', async () => {
    const p = program(SHORTCUT_SUMS[0], false, true);
    const bytes = emitModel(p, { fastKernels: true, nchwc: await nchwcBlockSize() });
    expect(standardOps(bytes).filter((op) => op === 'ConvTranspose')).toHaveLength(1);
    expect(contribOps(bytes).filter((op) => op === 'Conv')).toHaveLength(4);
  });
});
