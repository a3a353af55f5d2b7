/**
 * Registry-driven emitter test: every registered primitive op (forward), and the gradient
 * programs of the VJP cases, are emitted to ONNX, run by onnxruntime-node on float32 inputs
 * and compared with the float64 reference interpreter. Every emitted model is also checked
 * structurally (opset, topological order, node names leading back to scopes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, ONE_SPLIT_MAX, SPLIT_FANOUT } from '../../../core/compile/programs';
import { initParams } from '../../../core/compile/paramLayout';
import { parseDocument } from '../../../core/graph/parse';
import { Builder } from '../../../core/ir/builder';
import type { Program } from '../../../core/ir/ir';
import { buildModel, emitModel } from '../../../core/onnx/emit';
import { allOps } from '../../../core/ops/index';
import { Rng } from '../../../core/util/rng';
import { runProgram } from '../../reference/interpreter';
import { refOps } from '../../reference/ops/index';
import type { RefTensor } from '../../reference/tensor';
import { buildCase, buildGradProgram, FORWARD_CASES, GRAD_CASES, type OpCase } from '../ops/cases';
import { checkStructure, expectClose, runOrt } from './ortHelpers';
import { nchwcBlockSize } from '../../../core/runtime/session';
import { onnx } from 'onnx-proto';
import { chainDoc } from '../../helpers/docs';

const TOL = 1e-4;
const CASE_SCOPE = /^(n12|n13)\.(fwd|grad)\/[A-Za-z]+_\d+(\.\d+)?$|^output\//;
const templates = path.resolve(__dirname, '../../../assets/templates');

function forwardCases(op: string): OpCase[] {
  return [...(GRAD_CASES[op] ?? []), ...(FORWARD_CASES[op] ?? [])];
}

async function compareWithReference(program: Program, feeds: Record<string, RefTensor>, what: string): Promise<void> {
  const bytes = emitModel(program);
  checkStructure(bytes, (name) => CASE_SCOPE.test(name));
  const expected = runProgram(program, feeds);
  const actual = await runOrt(bytes, program, feeds);
  for (const { name } of program.outputs) expectClose(actual[name], expected[name], TOL, `${what}: ${name}`);
}

describe('every registered op has an emitter case', () => {
  it('the case tables cover the registry', () => {
    const missing = allOps().map((op) => op.name).filter((name) => forwardCases(name).length === 0);
    expect(missing, `ops without a case in test/core/ops/cases.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('the reference interpreter implements every registered op', () => {
    const missing = allOps().map((op) => op.name).filter((name) => !refOps[name]);
    expect(missing, `ops missing from test/reference/ops/index.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('FORWARD_CASES names only registered ops', () => {
    const names = new Set(allOps().map((op) => op.name));
    expect(Object.keys(FORWARD_CASES).filter((n) => !names.has(n))).toEqual([]);
  });
});

describe.each(allOps().map((op) => op.name))('%s: ONNX Runtime matches the reference (forward)', (opName) => {
  const cases = forwardCases(opName);
  if (cases.length === 0) {
    it('has a case', () => {
      throw new Error(`no case for ${opName}; add one to test/core/ops/cases.ts`);
    });
  }
  cases.forEach((c, k) => {
    it(c.name, async () => {
      const { b, outs, feeds } = buildCase(opName, c, 200 + k);
      outs.forEach((o, i) => b.output(`out${i}`, o));
      const program = b.program();
      // The op under test is really emitted (not only its composite helpers).
      expect(program.nodes.some((n) => n.op === opName)).toBe(true);
      await compareWithReference(program, feeds, `${opName} (${c.name})`);
    });
  });
});

describe.each(Object.keys(GRAD_CASES))('%s: gradient program on ONNX Runtime matches the reference', (opName) => {
  GRAD_CASES[opName].forEach((c, k) => {
    it(c.name, async () => {
      const g = buildGradProgram(opName, c, 100 + k);
      await compareWithReference(g.full, g.feeds, `${opName} gradient (${c.name})`);
    });
  });
});

// What a training session on ORT's CPU provider runs (createStepSession): the fast kernels,
// the blocked convs and the ops checked on that provider only (EmitOptions.cpuProvider).
describe.each(Object.keys(GRAD_CASES))("%s: gradient program with the CPU training session's kernels matches the reference", (opName) => {
  GRAD_CASES[opName].forEach((c, k) => {
    it(c.name, async () => {
      const g = buildGradProgram(opName, c, 100 + k);
      const bytes = emitModel(g.full, { fastKernels: true, cpuProvider: true, nchwc: await nchwcBlockSize(), ortOrder: true });
      const actual = await runOrt(bytes, g.full, g.feeds);
      const expected = runProgram(g.full, g.feeds);
      for (const { name } of g.full.outputs) expectClose(actual[name], expected[name], TOL, `${opName} gradient (${c.name}), CPU session kernels: ${name}`);
    });
  });
});

describe('BatchNormTrain on the CPU provider', () => {
  it("is one training-mode BatchNormalization (momentum 0) there, and the standard ops elsewhere", () => {
    const g = buildGradProgram('BatchNormTrain', GRAD_CASES.BatchNormTrain[0], 1);
    const bnModes = (bytes: Uint8Array) =>
      onnx.ModelProto.decode(bytes).graph!.node!.filter((n) => n.opType === 'BatchNormalization').map((n) => {
        const attr = (name: string) => n.attribute!.find((a) => a.name === name);
        return { training: Number(attr('training_mode')?.i ?? 0), momentum: attr('momentum')?.f ?? null, outputs: n.output!.length };
      });
    expect(bnModes(emitModel(g.full, { fastKernels: true, cpuProvider: true }))).toEqual([{ training: 1, momentum: 0, outputs: 3 }]);
    expect(bnModes(emitModel(g.full, { fastKernels: true }))).toEqual([{ training: 0, momentum: null, outputs: 1 }]);
    expect(bnModes(emitModel(g.full))).toEqual([{ training: 0, momentum: null, outputs: 1 }]);
  });

  // ORT aliases the kernel's running-statistics outputs to its inputs 3 and 4, and its constant
  // sharing merges equal initializers: two BatchNorms of one width reading equal constants
  // wrote their statistics into one buffer (a residual block's running means 0.04 off).
  it('two BatchNorms of one width keep their own batch statistics', async () => {
    const b = new Builder();
    const shape = [6, 4, 3, 3];
    const x = b.input('x', shape);
    const [scale, shift] = [b.input('scale', [4]), b.input('shift', [4])];
    const [y1, mean1, var1] = b.op('BatchNormTrain', [x, scale, shift], { epsilon: 1e-5 });
    const [y2, mean2, var2] = b.op('BatchNormTrain', [b.op1('Relu', [y1]), scale, shift], { epsilon: 1e-5 });
    // Read the first one's statistics only after the second has run.
    const after = b.reduceSum(y2, [0, 1, 2, 3]);
    b.output('mean1', b.add(mean1, b.mul(after, b.scalar(0))));
    b.output('var1', b.add(var1, b.mul(after, b.scalar(0))));
    b.output('mean2', mean2);
    b.output('var2', var2);
    const program = b.program();
    const rng = new Rng(3);
    const feeds: Record<string, RefTensor> = {
      x: { shape, data: Float64Array.from({ length: 6 * 4 * 9 }, () => rng.uniform(-2, 3)) },
      scale: { shape: [4], data: Float64Array.of(1, 1.5, 0.5, 2) },
      shift: { shape: [4], data: Float64Array.of(0.1, -0.2, 0.3, 0) },
    };
    const expected = runProgram(program, feeds);
    const actual = await runOrt(emitModel(program, { fastKernels: true, cpuProvider: true }), program, feeds);
    for (const k of ['mean1', 'var1', 'mean2', 'var2']) expectClose(actual[k], expected[k], TOL, k);
  });
});

describe('emitted models', () => {
  it('use opset 17, IR version 8 and name the producer', () => {
    const { b, outs } = buildCase('Relu', GRAD_CASES.Relu[0], 1);
    b.output('y', outs[0]);
    const model = buildModel(b.program());
    expect(model.opsetImport).toHaveLength(1);
    expect(Number(model.opsetImport[0].version)).toBe(17);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.producerName).toBe('wiregrad');
  });

  it('turn compile-time lists (Reshape shape, ReduceSum axes) into int64 initializers', () => {
    const b = new Builder();
    const x = b.input('x', [2, 3, 4]);
    const y = b.inScope('n1.fwd', () => b.reduceSum(b.reshape(x, [6, 4]), [1], false));
    b.output('y', y);
    const model = buildModel(b.program());
    const g = model.graph!;
    const nodes = g.node ?? [];
    const reshape = nodes.find((n) => n.opType === 'Reshape')!;
    const reduce = nodes.find((n) => n.opType === 'ReduceSum')!;
    expect(reshape.input).toHaveLength(2);
    expect(reduce.input).toHaveLength(2);
    const init = new Map((g.initializer ?? []).map((t) => [t.name, t]));
    const shape = init.get(reshape.input![1])!;
    expect(shape.dataType).toBe(7); // INT64
    expect(Array.from(new BigInt64Array(new Uint8Array(shape.rawData!).slice().buffer), Number)).toEqual([6, 4]);
    expect(reshape.name).toBe('n1.fwd/Reshape_0');
    expect(reduce.name).toBe('n1.fwd/ReduceSum_0');
  });

  it('drop dead nodes and deduplicate constants', () => {
    const b = new Builder();
    const x = b.input('x', [3]);
    b.output('y', b.mul(b.add(x, b.scalar(2)), b.scalar(2)));
    b.op1('Exp', [x]); // dead
    const g = buildModel(b.program()).graph!;
    expect((g.node ?? []).map((n) => n.opType)).toEqual(['Add', 'Mul']);
    expect(g.initializer).toHaveLength(1);
  });

  it('emit one layout conversion per tensor and op: a repeat reads the first one, and graph outputs keep their own node', async () => {
    const b = new Builder();
    const x = b.input('x', [2, 3]);
    const t1 = b.transpose(x, [1, 0]);
    const t2 = b.transpose(x, [1, 0]);
    b.output('sum', b.add(t1, t2));
    b.output('t', b.transpose(x, [1, 0]));
    const program = b.program();
    const g = buildModel(program).graph!;
    expect((g.node ?? []).filter((n) => n.opType === 'Transpose')).toHaveLength(2);
    const x0 = { shape: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    const actual = await runOrt(emitModel(program), program, { x: x0 });
    expect(Array.from(actual.sum.data)).toEqual([2, 8, 4, 10, 6, 12]);
    expect(Array.from(actual.t.data)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('are deterministic: the same program emits the same bytes', () => {
    const c = GRAD_CASES.Conv[0];
    const a = emitModel(buildGradProgram('Conv', c, 5).full);
    const b = emitModel(buildGradProgram('Conv', c, 5).full);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe.each(['mnist-mlp', 'mnist-lenet', 'cifar-convnet'])('%s: compiled programs', (name) => {
  const doc = parseDocument(fs.readFileSync(path.join(templates, `${name}.wiregrad.json`), 'utf8'), `${name}.wiregrad.json`);
  const scopes = new Set([
    ...doc.nodes.flatMap((n) => [`${n.id}.fwd`, `${n.id}.grad`, `${n.id}.param`]),
    'params.grad',
    'params.split',
    `optimizer.${doc.training.optimizer.type}`,
    'output',
  ]);
  const nameOk = (n: string) => scopes.has(n.slice(0, n.indexOf('/')));

  it('train program: every node name leads back to a canvas node, optimizer or output', () => {
    const compiled = buildProgram(doc, 'train', 2);
    const model = checkStructure(emitModel(compiled.program), nameOk);
    // Every layer with weights has forward, gradient and parameter nodes.
    for (const slot of compiled.layout.slots) {
      for (const kind of ['fwd', 'grad', 'param']) {
        expect((model.graph!.node ?? []).some((n) => n.name!.startsWith(`${slot.nodeId}.${kind}/`)), `${slot.nodeId}.${kind}`).toBe(true);
      }
    }
  });

  it('grad program on ONNX Runtime matches the reference interpreter (batch 2)', async () => {
    const compiled = buildProgram(doc, 'grad', 2);
    const rng = new Rng(3);
    const params = initParams(compiled.layout, 0);
    const xShape = [2, ...compiled.sampleShape];
    const x = Float64Array.from({ length: xShape.reduce((a, d) => a * d, 1) }, () => Math.fround(rng.uniform(-1, 1)));
    const feeds: Record<string, RefTensor> = {
      params: { shape: [params.length], data: Float64Array.from(params) },
      x: { shape: xShape, data: x },
      y: { shape: [2], data: Float64Array.from([3, 7]) },
    };
    const expected = runProgram(compiled.program, feeds);
    const actual = await runOrt(emitModel(compiled.program), compiled.program, feeds);
    expectClose(actual.loss, expected.loss, TOL, `${name} loss`);
    expectClose(actual.grad, expected.grad, TOL, `${name} grad`);
    expect(Math.abs(expected.loss.data[0] - Math.log(10))).toBeLessThan(0.5);
  });
});

describe('blocked MaxPool (SpaceToDepth formulation)', () => {
  // Ties are where the formulations could differ: ONNX and PyTorch pick the first maximum in
  // row-major window order. Integer data makes ties common, as MNIST's flat background does.
  it.each([
    [2, [2, 3, 6, 8]],
    [2, [1, 2, 5, 5]],
    [3, [2, 2, 7, 9]],
  ])('kernel %i on %j: Y and Indices equal the reference exactly, ties included', async (k, shape) => {
    const b = new Builder();
    const x = b.input('x', shape);
    const [y, idx] = b.op('MaxPool', [x], { kernel_shape: [k, k], strides: [k, k], blocked: 1 });
    b.output('y', y);
    b.output('idx', idx);
    const program = b.program();
    const rng = new Rng(5);
    const n = shape.reduce((a, d) => a * d, 1);
    const feeds = { x: { shape, data: Float64Array.from({ length: n }, () => rng.int(3)) } };
    const want = runProgram(program, feeds);
    const got = await runOrt(emitModel(program), program, feeds);
    expect(Array.from(got.y.data)).toEqual(Array.from(want.y.data));
    expect(Array.from(got.idx.data)).toEqual(Array.from(want.idx.data));
  });
});

describe('ortOrder (nodes listed last-first for ONNX Runtime sessions)', () => {
  it('reverses the node list and gives bit-identical training-step results', async () => {
    const layers: [string, Record<string, number>?][] = [['Linear', { out_features: 8 }], ['ReLU'], ['Linear', { out_features: 8 }], ['ReLU'], ['Linear', { out_features: 3 }]];
    const doc = chainDoc([5], layers, 'CrossEntropyLoss', { dataset: { kind: 'random', samples: 8, classes: 3 } });
    const c = buildProgram(doc, 'train', 4);
    const plain = emitModel(c.program, { fastKernels: true });
    const ordered = emitModel(c.program, { fastKernels: true, ortOrder: true });
    const names = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.name);
    expect(names(ordered)).toEqual([...names(plain)].reverse());
    const P = c.layout.total;
    const feeds: Record<string, RefTensor> = {
      params: { shape: [P], data: Float64Array.from(initParams(c.layout, 3)) },
      step: { shape: [], data: Float64Array.of(0) },
      lr: { shape: [], data: Float64Array.of(0.1) },
      x: { shape: [4, 5], data: Float64Array.from({ length: 20 }, (_, i) => Math.sin(i)) },
      y: { shape: [4], data: Float64Array.of(0, 1, 2, 1) },
    };
    const a = await runOrt(plain, c.program, feeds);
    const b = await runOrt(ordered, c.program, feeds);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(b[k].data, k).toEqual(a[k].data);
    expect(a.params_out.data).not.toEqual(feeds.params.data);
  });
});

describe('deep chains (the shape ONNX Runtime sorts in linear time)', () => {
  // 40 Linear layers: 82 parameter tensors, more than one Split cuts.
  const layers: [string, Record<string, number>?][] = [];
  for (let i = 0; i < 40; i++) layers.push(['Linear', { out_features: 4 }], ['Tanh']);
  layers.push(['Linear', { out_features: 3 }]);
  const doc = chainDoc([5], layers, 'CrossEntropyLoss', { dataset: { kind: 'random', samples: 8, classes: 3 } });

  it('read the weights through a tree of Splits of SPLIT_FANOUT parts, with no Reshape of a Reshape', () => {
    const c = buildProgram(doc, 'train', 2);
    expect(c.layout.slots.length).toBeGreaterThan(ONE_SPLIT_MAX);
    const nodes = onnx.ModelProto.decode(emitModel(c.program)).graph!.node!;
    const splits = nodes.filter((n) => n.opType === 'Split');
    expect(splits.length).toBeGreaterThan(1);
    for (const s of splits) expect(s.output!.length).toBeLessThanOrEqual(SPLIT_FANOUT);
    const reshapeOutputs = new Set(nodes.filter((n) => n.opType === 'Reshape').map((n) => n.output![0]));
    expect(nodes.filter((n) => n.opType === 'Reshape' && reshapeOutputs.has(n.input![0]))).toEqual([]);
  });

  it('grad program on ONNX Runtime matches the reference interpreter', async () => {
    const c = buildProgram(doc, 'grad', 2);
    const params = initParams(c.layout, 1);
    const feeds: Record<string, RefTensor> = {
      params: { shape: [params.length], data: Float64Array.from(params) },
      x: { shape: [2, 5], data: Float64Array.from({ length: 10 }, (_, i) => Math.cos(i)) },
      y: { shape: [2], data: Float64Array.of(2, 0) },
    };
    const expected = runProgram(c.program, feeds);
    const actual = await runOrt(emitModel(c.program, { ortOrder: true }), c.program, feeds);
    expectClose(actual.loss, expected.loss, TOL, 'loss');
    expectClose(actual.grad, expected.grad, TOL, 'grad');
    // Every tensor gets a gradient (Tanh keeps them all nonzero), so a slot mixed up by the tree would show.
    for (const s of c.layout.slots) expect(expected.grad.data.subarray(s.offset, s.offset + s.size).some((g) => g !== 0), s.name).toBe(true);
  });
});
