import { describe, expect, it } from 'vitest';
import type { Attrs, DType, IrNode, Program, Value } from '../../core/ir/ir';
import { Rng } from '../../core/util/rng';
import { evalValues, runProgram } from './interpreter';
import { refOps } from './ops/index';
import {
  broadcastShapes,
  broadcastStrides,
  randomTensor,
  strides,
  tensor,
  toArray,
  unravel,
  type RefTensor,
} from './tensor';

/** Runs one registry op directly. */
function run(op: string, inputs: RefTensor[], attrs: Attrs = {}): RefTensor[] {
  return refOps[op](inputs, attrs);
}
const run1 = (op: string, inputs: RefTensor[], attrs: Attrs = {}) => run(op, inputs, attrs)[0];

/** Asserts shape exactly and values to ~1e-12 (float64 reference, hand-computed numbers). */
function expectTensor(t: RefTensor, shape: number[], data: number[]): void {
  expect(t.shape).toEqual(shape);
  expect(t.data.length).toBe(data.length);
  data.forEach((v, i) => expect(t.data[i]).toBeCloseTo(v, 12));
}

const t = tensor;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('tensor helpers', () => {
  it('strides, unravel and broadcasting', () => {
    expect(strides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(strides([])).toEqual([]);
    expect(unravel(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(broadcastShapes([2, 1, 3], [4, 1], [])).toEqual([2, 4, 3]);
    expect(() => broadcastShapes([2], [3])).toThrow(/broadcast/);
    expect(broadcastStrides([4, 1], [2, 4, 3])).toEqual([0, 1, 0]);
  });

  it('randomTensor is reproducible from the seed', () => {
    const a = randomTensor([3, 2], new Rng(7));
    const b = randomTensor([3, 2], new Rng(7));
    expect(toArray(a)).toEqual(toArray(b));
    expect(toArray(a).every((v) => v >= -1 && v < 1)).toBe(true);
  });
});

describe('elementwise', () => {
  it('binary ops broadcast multidirectionally', () => {
    expectTensor(run1('Add', [t([2, 1], [1, 2]), t([3], [10, 20, 30])]), [2, 3], [11, 21, 31, 12, 22, 32]);
    expectTensor(run1('Sub', [t([2], [5, 6]), t([], [1])]), [2], [4, 5]);
    expectTensor(run1('Mul', [t([1, 2], [2, 3]), t([2, 1], [10, 100])]), [2, 2], [20, 30, 200, 300]);
    expectTensor(run1('Div', [t([2], [1, 3]), t([2], [4, 2])]), [2], [0.25, 1.5]);
    expectTensor(run1('Pow', [t([2], [2, 3]), t([], [2])]), [2], [4, 9]);
    expect(() => run1('Add', [t([2], [1, 2]), t([3], [1, 2, 3])])).toThrow(/broadcast/);
  });

  it('unary ops', () => {
    expectTensor(run1('Neg', [t([2], [1, -2])]), [2], [-1, 2]);
    expectTensor(run1('Relu', [t([3], [-1, 0, 2])]), [3], [0, 0, 2]);
    // Extreme inputs must not produce NaN (stable sigmoid).
    expectTensor(run1('Sigmoid', [t([3], [0, -1000, 1000])]), [3], [0.5, 0, 1]);
    expectTensor(run1('Tanh', [t([2], [0, 1])]), [2], [0, Math.tanh(1)]);
    expectTensor(run1('Exp', [t([2], [0, 1])]), [2], [1, Math.E]);
    expectTensor(run1('Log', [t([2], [1, Math.E])]), [2], [0, 1]);
    expectTensor(run1('Sqrt', [t([2], [4, 9])]), [2], [2, 3]);
    expectTensor(run1('Abs', [t([2], [-3, 2])]), [2], [3, 2]);
  });

  it('comparisons and Where broadcast', () => {
    const col = t([3, 1], [1, 2, 3]);
    expectTensor(run1('Equal', [col, t([2], [2, 3])]), [3, 2], [0, 0, 1, 0, 0, 1]);
    expectTensor(run1('Greater', [col, t([], [1])]), [3, 1], [0, 1, 1]);
    expectTensor(run1('Less', [col, t([], [2])]), [3, 1], [1, 0, 0]);
    expectTensor(run1('Where', [t([2, 1], [1, 0]), t([3], [1, 2, 3]), t([], [-1])]), [2, 3], [1, 2, 3, -1, -1, -1]);
  });

  it('Identity copies and Constant reads data/dims', () => {
    const x = t([2], [1, 2]);
    const y = run1('Identity', [x]);
    y.data[0] = 99;
    expect(x.data[0]).toBe(1);
    expectTensor(run1('Constant', [], { data: [1, 2, 3, 4, 5, 6], dims: [2, 3], dtype: 'float32' }), [2, 3], [1, 2, 3, 4, 5, 6]);
    expectTensor(run1('Constant', [], { data: [7], dims: [], dtype: 'int64' }), [], [7]);
  });
});

describe('Gemm and MatMul', () => {
  const A = t([2, 3], [1, 2, 3, 4, 5, 6]);
  const B = t([3, 2], [1, 0, 0, 1, 1, 1]); // A@B = [[4,5],[10,11]]

  it('Gemm with alpha, beta, transposes and broadcast C', () => {
    expectTensor(run1('Gemm', [A, B]), [2, 2], [4, 5, 10, 11]);
    const C = t([2], [100, 200]);
    expectTensor(run1('Gemm', [A, B, C], { alpha: 2, beta: 0.5 }), [2, 2], [58, 110, 70, 122]);
    const At = t([3, 2], [1, 4, 2, 5, 3, 6]);
    const Bt = t([2, 3], [1, 0, 1, 0, 1, 1]);
    expectTensor(run1('Gemm', [At, Bt, t([2, 1], [1, 2])], { transA: 1, transB: 1 }), [2, 2], [5, 6, 12, 13]);
    expect(() => run1('Gemm', [A, A])).toThrow(/inner/);
  });

  it('MatMul 2-D, batched with broadcasting, and 1-D operands', () => {
    expectTensor(run1('MatMul', [A, B]), [2, 2], [4, 5, 10, 11]);
    const A2 = t([2, 2, 3], [1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12]);
    expectTensor(run1('MatMul', [A2, B]), [2, 2, 2], [4, 5, 10, 11, 8, 10, 20, 22]);
    const B2 = t([2, 3, 2], [1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2]);
    expectTensor(run1('MatMul', [t([1, 2, 3], [1, 2, 3, 4, 5, 6]), B2]), [2, 2, 2], [4, 5, 10, 11, 8, 10, 20, 22]);
    const v = t([3], [1, 1, 1]);
    expectTensor(run1('MatMul', [v, B]), [2], [2, 2]);
    expectTensor(run1('MatMul', [A, v]), [2], [6, 15]);
    expectTensor(run1('MatMul', [v, v]), [], [3]);
  });
});

describe('Conv', () => {
  const X = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const W = t([1, 1, 2, 2], [1, 2, 3, 4]);

  it('plain, with bias', () => {
    expectTensor(run1('Conv', [X, W]), [1, 1, 2, 2], [37, 47, 67, 77]);
    expectTensor(run1('Conv', [X, W, t([1], [10])], { kernel_shape: [2, 2] }), [1, 1, 2, 2], [47, 57, 77, 87]);
  });

  it('stride and symmetric padding', () => {
    expectTensor(run1('Conv', [X, W], { strides: [2, 2], pads: [1, 1, 1, 1] }), [1, 1, 2, 2], [4, 18, 36, 77]);
  });

  it('pads are [top, left, bottom, right]', () => {
    expectTensor(run1('Conv', [X, W], { pads: [1, 0, 0, 0] }), [1, 1, 3, 2], [11, 18, 37, 47, 67, 77]);
    expectTensor(run1('Conv', [X, W], { pads: [0, 1, 0, 0] }), [1, 1, 2, 3], [18, 37, 47, 36, 67, 77]);
  });

  it('dilation', () => {
    // Dilated 2x2 kernel touches the four corners 1, 3, 7, 9.
    expectTensor(run1('Conv', [X, W], { dilations: [2, 2] }), [1, 1, 1, 1], [64]);
  });

  it('groups and channel mixing', () => {
    const X2 = t([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expectTensor(run1('Conv', [X2, t([2, 1, 1, 1], [2, 3])], { group: 2 }), [1, 2, 2, 2], [2, 4, 6, 8, 15, 18, 21, 24]);
    // M=4 over 2 groups: outputs 0,1 read channel 0; outputs 2,3 read channel 1.
    expectTensor(
      run1('Conv', [X2, t([4, 1, 1, 1], [1, 2, 3, 4])], { group: 2 }),
      [1, 4, 2, 2],
      [1, 2, 3, 4, 2, 4, 6, 8, 15, 18, 21, 24, 20, 24, 28, 32],
    );
    expectTensor(run1('Conv', [X2, t([1, 2, 1, 1], [1, 10])]), [1, 1, 2, 2], [51, 62, 73, 84]);
  });

  it('1-D conv', () => {
    const x = t([1, 1, 5], [1, 2, 3, 4, 5]);
    expectTensor(run1('Conv', [x, t([1, 1, 2], [1, 2])], { strides: [2], pads: [1, 0] }), [1, 1, 3], [2, 8, 14]);
  });
});

describe('ConvTranspose', () => {
  const X = t([1, 1, 2, 2], [1, 2, 3, 4]);

  it('stride 2 with a ones kernel expands each pixel to a block', () => {
    expectTensor(
      run1('ConvTranspose', [X, t([1, 1, 2, 2], [1, 1, 1, 1])], { strides: [2, 2] }),
      [1, 1, 4, 4],
      [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4],
    );
  });

  it('stride 1 full correlation, then cropped by pads', () => {
    const W = t([1, 1, 2, 2], [1, 2, 3, 4]);
    expectTensor(run1('ConvTranspose', [X, W]), [1, 1, 3, 3], [1, 4, 4, 6, 20, 16, 9, 24, 16]);
    expectTensor(run1('ConvTranspose', [X, W], { pads: [1, 1, 1, 1] }), [1, 1, 1, 1], [20]);
    expectTensor(run1('ConvTranspose', [X, W], { pads: [1, 1, 0, 0] }), [1, 1, 2, 2], [20, 16, 24, 16]);
    expectTensor(run1('ConvTranspose', [X, W, t([1], [1])], { pads: [1, 1, 0, 0] }), [1, 1, 2, 2], [21, 17, 25, 17]);
  });

  it('output_padding adds trailing rows/cols', () => {
    const y = run1('ConvTranspose', [t([1, 1, 1, 1], [5]), t([1, 1, 2, 2], [1, 2, 3, 4])], {
      strides: [2, 2],
      output_padding: [1, 1],
    });
    expectTensor(y, [1, 1, 3, 3], [5, 10, 0, 15, 20, 0, 0, 0, 0]);
  });

  it('weight layout [C, M/group, kh, kw] and groups', () => {
    const x = t([1, 2, 1, 1], [1, 2]);
    const w = t([2, 2, 1, 1], [1, 2, 3, 4]);
    // group 1: out m = Σ_c x[c]·W[c,m] → [1·1+2·3, 1·2+2·4]
    expectTensor(run1('ConvTranspose', [x, w]), [1, 2, 1, 1], [7, 10]);
    // group 2: input channel c feeds outputs c*2 .. c*2+1 only.
    expectTensor(run1('ConvTranspose', [x, w], { group: 2 }), [1, 4, 1, 1], [1, 2, 6, 8]);
  });

  it('is the adjoint of Conv (strides, asymmetric pads, dilations, groups)', () => {
    const rng = new Rng(3);
    const x = randomTensor([2, 4, 5, 6], rng);
    const w = randomTensor([6, 2, 3, 2], rng);
    const attrs = { strides: [2, 1], pads: [1, 0, 0, 1], dilations: [1, 2], group: 2 };
    const y = run1('Conv', [x, w], attrs);
    expect(y.shape).toEqual([2, 6, 2, 5]);
    const r = randomTensor(y.shape, rng);
    const xt = run1('ConvTranspose', [r, w], { ...attrs, output_padding: [1, 0] });
    expect(xt.shape).toEqual(x.shape);
    const dot = (a: RefTensor, b: RefTensor) => a.data.reduce((s, v, i) => s + v * b.data[i], 0);
    expect(dot(y, r)).toBeCloseTo(dot(x, xt), 10);
  });
});

describe('pooling', () => {
  it('MaxPool Indices are flat into the whole input, first max wins', () => {
    const X = t([2, 2, 2, 2], [1, 5, 2, 3, 9, 1, 1, 1, 0, 0, 0, 7, 2, 8, 8, 1]);
    const [Y, I] = run('MaxPool', [X], { kernel_shape: [2, 2] });
    expectTensor(Y, [2, 2, 1, 1], [5, 9, 7, 8]);
    expectTensor(I, [2, 2, 1, 1], [1, 4, 11, 13]);
  });

  it('MaxPool stride 2', () => {
    const [Y, I] = run('MaxPool', [t([1, 1, 4, 4], range(16))], { kernel_shape: [2, 2], strides: [2, 2] });
    expectTensor(Y, [1, 1, 2, 2], [5, 7, 13, 15]);
    expectTensor(I, [1, 1, 2, 2], [5, 7, 13, 15]);
  });

  it('MaxPool padding never wins, even over negative inputs', () => {
    const [Y, I] = run('MaxPool', [t([1, 1, 2, 2], [-5, -6, -7, -8])], { kernel_shape: [2, 2], pads: [1, 1, 1, 1] });
    expectTensor(Y, [1, 1, 3, 3], [-5, -5, -6, -5, -5, -6, -7, -7, -8]);
    expectTensor(I, [1, 1, 3, 3], [0, 0, 1, 0, 0, 1, 2, 2, 3]);
  });

  it('MaxPool 1-D and ceil_mode', () => {
    const [Y, I] = run('MaxPool', [t([1, 2, 4], [1, 3, 2, 0, 4, 4, 1, 9])], { kernel_shape: [2], strides: [2] });
    expectTensor(Y, [1, 2, 2], [3, 2, 4, 9]);
    expectTensor(I, [1, 2, 2], [1, 2, 4, 7]);
    const [Yc, Ic] = run('MaxPool', [t([1, 1, 1, 5], [1, 2, 3, 4, 5])], { kernel_shape: [1, 2], strides: [1, 2], ceil_mode: 1 });
    expectTensor(Yc, [1, 1, 1, 3], [2, 4, 5]);
    expectTensor(Ic, [1, 1, 1, 3], [1, 3, 4]);
  });

  it('MaxUnpool scatters by flat index, with explicit or default output shape', () => {
    const X = t([1, 1, 2, 2], [5, 7, 13, 15]);
    const expected = range(16).map((i) => ([5, 7, 13, 15].includes(i) ? i : 0));
    expectTensor(run1('MaxUnpool', [X, X], { output_shape: [1, 1, 4, 4] }), [1, 1, 4, 4], expected);
    expectTensor(run1('MaxUnpool', [X, X], { kernel_shape: [2, 2], strides: [2, 2] }), [1, 1, 4, 4], expected);
    // Later writes overwrite earlier ones at a duplicate index.
    expectTensor(run1('MaxUnpool', [t([1, 1, 1, 2], [1, 2]), t([1, 1, 1, 2], [0, 0])], { output_shape: [1, 1, 1, 2] }), [1, 1, 1, 2], [2, 0]);
  });

  it('MaxPool → MaxUnpool round trip keeps only the maxima', () => {
    const X = randomTensor([2, 3, 4, 4], new Rng(11));
    const [Y, I] = run('MaxPool', [X], { kernel_shape: [2, 2], strides: [2, 2] });
    const U = run1('MaxUnpool', [Y, I], { output_shape: X.shape });
    const nonzero = toArray(U).filter((v) => v !== 0);
    expect(nonzero.length).toBe(Y.data.length);
    for (let i = 0; i < I.data.length; i++) expect(U.data[I.data[i]]).toBe(X.data[I.data[i]]);
  });

  it('AveragePool count_include_pad both ways', () => {
    const X = t([1, 1, 2, 2], [1, 2, 3, 4]);
    const attrs = { kernel_shape: [2, 2], pads: [1, 1, 1, 1] };
    const excl = [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4];
    expectTensor(run1('AveragePool', [X], attrs), [1, 1, 3, 3], excl);
    expectTensor(run1('AveragePool', [X], { ...attrs, count_include_pad: 0 }), [1, 1, 3, 3], excl);
    expectTensor(run1('AveragePool', [X], { ...attrs, count_include_pad: 1 }), [1, 1, 3, 3], [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1]);
    expectTensor(run1('AveragePool', [t([1, 1, 4, 4], range(16))], { kernel_shape: [2, 2], strides: [2, 2] }), [1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5]);
  });
});

describe('shape ops', () => {
  const x24 = t([2, 3, 4], range(24));

  it('Reshape with 0 and -1', () => {
    expectTensor(run1('Reshape', [x24], { shape: [0, -1] }), [2, 12], range(24));
    expectTensor(run1('Reshape', [x24], { shape: [4, 0, -1] }), [4, 3, 2], range(24));
    expectTensor(run1('Reshape', [x24], { shape: [-1] }), [24], range(24));
    expect(() => run1('Reshape', [x24], { shape: [5, -1] })).toThrow(/Reshape/);
  });

  it('Flatten axis default, 0, negative, rank', () => {
    expect(run1('Flatten', [x24]).shape).toEqual([2, 12]);
    expect(run1('Flatten', [x24], { axis: 0 }).shape).toEqual([1, 24]);
    expect(run1('Flatten', [x24], { axis: -1 }).shape).toEqual([6, 4]);
    expect(run1('Flatten', [x24], { axis: 3 }).shape).toEqual([24, 1]);
  });

  it('Transpose with perm and default reversal', () => {
    expectTensor(run1('Transpose', [t([2, 3], range(6))]), [3, 2], [0, 3, 1, 4, 2, 5]);
    expectTensor(run1('Transpose', [t([2, 2, 2], range(8))], { perm: [1, 0, 2] }), [2, 2, 2], [0, 1, 4, 5, 2, 3, 6, 7]);
    expect(run1('Transpose', [x24], { perm: [2, 0, 1] }).shape).toEqual([4, 2, 3]);
  });

  it('Squeeze / Unsqueeze with negative axes', () => {
    const x = t([1, 3, 1], [1, 2, 3]);
    expectTensor(run1('Squeeze', [x], { axes: [-1] }), [1, 3], [1, 2, 3]);
    expectTensor(run1('Squeeze', [x]), [3], [1, 2, 3]);
    expect(() => run1('Squeeze', [x], { axes: [1] })).toThrow(/size 3/);
    expectTensor(run1('Unsqueeze', [t([3], [1, 2, 3])], { axes: [0, -1] }), [1, 3, 1], [1, 2, 3]);
    expect(run1('Unsqueeze', [t([2, 3], range(6))], { axes: [1] }).shape).toEqual([2, 1, 3]);
    expect(run1('Unsqueeze', [t([2, 3], range(6))], { axes: [-2] }).shape).toEqual([2, 1, 3]);
  });

  it('Expand broadcasts both ways', () => {
    expectTensor(run1('Expand', [t([3, 1], [1, 2, 3])], { shape: [3, 2] }), [3, 2], [1, 1, 2, 2, 3, 3]);
    expectTensor(run1('Expand', [t([3, 1], [1, 2, 3])], { shape: [2, 1, 2] }), [2, 3, 2], [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    expect(run1('Expand', [t([2, 2], range(4))], { shape: [1] }).shape).toEqual([2, 2]);
  });

  it('Slice: negative starts, huge ends, negative steps, axes', () => {
    const v = t([5], range(5));
    expectTensor(run1('Slice', [v], { starts: [1], ends: [4] }), [3], [1, 2, 3]);
    expectTensor(run1('Slice', [v], { starts: [-2], ends: [9223372036854775807] }), [2], [3, 4]);
    expectTensor(run1('Slice', [v], { starts: [-1], ends: [-9223372036854775807], steps: [-1] }), [5], [4, 3, 2, 1, 0]);
    expectTensor(run1('Slice', [v], { starts: [4], ends: [0], steps: [-2] }), [2], [4, 2]);
    expectTensor(run1('Slice', [v], { starts: [10], ends: [-10], steps: [-1] }), [5], [4, 3, 2, 1, 0]);
    expectTensor(run1('Slice', [v], { starts: [3], ends: [1] }), [0], []);
    expectTensor(run1('Slice', [v], { starts: [0], ends: [5], steps: [2] }), [3], [0, 2, 4]);
    const m = t([3, 4], range(12));
    expectTensor(run1('Slice', [m], { starts: [1, 2], ends: [3, 3], axes: [-1, 0] }), [1, 2], [9, 10]);
  });

  it('Concat on a negative axis', () => {
    expectTensor(run1('Concat', [t([2, 1], [1, 2]), t([2, 2], [3, 4, 5, 6])], { axis: -1 }), [2, 3], [1, 3, 4, 2, 5, 6]);
    expectTensor(run1('Concat', [t([1, 2], [1, 2]), t([2, 2], [3, 4, 5, 6])], { axis: 0 }), [3, 2], [1, 2, 3, 4, 5, 6]);
  });

  it('Pad: ONNX pad order, value, negative pads crop', () => {
    const x = t([2, 2], [1, 2, 3, 4]);
    expectTensor(run1('Pad', [x], { pads: [1, 0, 0, 1], value: 9 }), [3, 3], [9, 9, 9, 1, 2, 9, 3, 4, 9]);
    expectTensor(run1('Pad', [x], { pads: [0, -1, 0, 0] }), [2, 1], [2, 4]);
    expectTensor(run1('Pad', [x], { pads: [0, 0, 0, 1], mode: 'constant' }), [2, 3], [1, 2, 0, 3, 4, 0]);
    expect(() => run1('Pad', [x], { pads: [0, 0, 0, 0], mode: 'reflect' })).toThrow(/reflect/);
  });
});

describe('reductions and softmax', () => {
  const x = t([2, 3], [1, 2, 3, 4, 5, 6]);

  it('ReduceSum axes, negative axes, keepdims, all axes', () => {
    expectTensor(run1('ReduceSum', [x], { axes: [-1], keepdims: 0 }), [2], [6, 15]);
    expectTensor(run1('ReduceSum', [x], { axes: [0] }), [1, 3], [5, 7, 9]);
    expectTensor(run1('ReduceSum', [x], { axes: [] }), [1, 1], [21]);
    expectTensor(run1('ReduceSum', [x], { keepdims: 0 }), [], [21]);
    expectTensor(run1('ReduceSum', [t([2, 2, 2], range(8))], { axes: [0, -1], keepdims: 0 }), [2], [10, 18]);
  });

  it('ReduceMean and ReduceMax', () => {
    expectTensor(run1('ReduceMean', [x], { axes: [1] }), [2, 1], [2, 5]);
    expectTensor(run1('ReduceMean', [x], { axes: [0, 1], keepdims: 0 }), [], [3.5]);
    expectTensor(run1('ReduceMax', [t([2, 2], [-3, -1, -4, -2])], { axes: [-2], keepdims: 0 }), [2], [-3, -1]);
  });

  it('Softmax / LogSoftmax along the default and an explicit axis', () => {
    const z = t([2, 2], [0, 0, Math.log(3), 0]);
    expectTensor(run1('Softmax', [z], { axis: 0 }), [2, 2], [0.25, 0.5, 0.75, 0.5]);
    expectTensor(run1('LogSoftmax', [z], { axis: 0 }), [2, 2], [Math.log(0.25), Math.log(0.5), Math.log(0.75), Math.log(0.5)]);
    expectTensor(run1('Softmax', [z]), [2, 2], [0.5, 0.5, 0.75, 0.25]);
    // Large logits stay finite.
    expectTensor(run1('Softmax', [t([2], [1000, 1000])]), [2], [0.5, 0.5]);
    expectTensor(run1('LogSoftmax', [t([2], [1000, 1000])]), [2], [-Math.LN2, -Math.LN2]);
  });
});

describe('index and type ops', () => {
  it('Cast truncates toward zero and maps to bool', () => {
    const x = t([4], [-1.7, 1.7, 0, 2.5]);
    expectTensor(run1('Cast', [x], { to: 'int64' }), [4], [-1, 1, 0, 2]);
    expectTensor(run1('Cast', [x], { to: 'bool' }), [4], [1, 1, 0, 1]);
    expectTensor(run1('Cast', [x], { to: 'float32' }), [4], [-1.7, 1.7, 0, 2.5]);
  });

  it('ArgMax: first max on ties, keepdims, negative axis', () => {
    const x = t([2, 3], [1, 5, 5, 7, 2, 7]);
    expectTensor(run1('ArgMax', [x], { axis: -1 }), [2, 1], [1, 0]);
    expectTensor(run1('ArgMax', [x], { axis: 0, keepdims: 0 }), [3], [1, 0, 1]);
    expectTensor(run1('ArgMax', [x], { axis: 1, keepdims: 0, select_last_index: 1 }), [2], [2, 2]);
  });

  it('OneHot adds a trailing axis; negative indices wrap; out of range is all zeros', () => {
    expectTensor(run1('OneHot', [t([3], [0, 2, -1])], { depth: 3 }), [3, 3], [1, 0, 0, 0, 0, 1, 0, 0, 1]);
    expectTensor(run1('OneHot', [t([2, 1], [1, 5])], { depth: 3 }), [2, 1, 3], [0, 1, 0, 0, 0, 0]);
  });

  it('ScatterElements none/add, axis 0 and 1, negative indices', () => {
    const data = t([3, 3], new Array(9).fill(0));
    const ind = t([2, 3], [1, 0, 2, 0, 2, 1]);
    const upd = t([2, 3], [1.0, 1.1, 1.2, 2.0, 2.1, 2.2]);
    expectTensor(run1('ScatterElements', [data, ind, upd], { axis: 0 }), [3, 3], [2.0, 1.1, 0, 1.0, 0, 2.2, 0, 2.1, 1.2]);
    const row = t([1, 5], [1, 2, 3, 4, 5]);
    expectTensor(run1('ScatterElements', [row, t([1, 2], [1, 3]), t([1, 2], [1.1, 2.1])], { axis: 1 }), [1, 5], [1, 1.1, 3, 2.1, 5]);
    expectTensor(run1('ScatterElements', [row, t([1, 2], [1, 1]), t([1, 2], [10, 20])], { axis: -1, reduction: 'add' }), [1, 5], [1, 32, 3, 4, 5]);
    expectTensor(run1('ScatterElements', [row, t([1, 2], [1, 1]), t([1, 2], [10, 20])], { axis: 1 }), [1, 5], [1, 20, 3, 4, 5]);
    expectTensor(run1('ScatterElements', [row, t([1, 1], [-1]), t([1, 1], [0])], { axis: 1 }), [1, 5], [1, 2, 3, 4, 0]);
    expect(() => run1('ScatterElements', [row, t([1, 1], [5]), t([1, 1], [0])], { axis: 1 })).toThrow(/out of range/);
  });
});

describe('interpreter', () => {
  // Minimal hand-built programs: the test owns value ids so it can inspect evalValues.
  let nextId = 0;
  const val = (shape: number[], dtype: DType = 'float32', name?: string): Value => ({ id: nextId++, shape, dtype, name });
  const node = (op: string, inputs: Value[], outputs: Value[], attrs: Attrs = {}, name = `test/${op}_0`): IrNode => ({
    op,
    inputs,
    outputs,
    attrs,
    name,
  });

  it('runs a chain and exposes every value', () => {
    const x = val([2, 3], 'float32', 'x');
    const c = val([3]);
    const s = val([2, 3]);
    const r = val([2, 3]);
    const y = val([2]);
    const program: Program = {
      inputs: [x],
      nodes: [
        node('Constant', [], [c], { data: [1, -10, 0], dims: [3], dtype: 'float32' }),
        node('Add', [x, c], [s]),
        node('Relu', [s], [r]),
        node('ReduceSum', [r], [y], { axes: [1], keepdims: 0 }),
      ],
      outputs: [{ name: 'y', value: y }],
    };
    const feeds = { x: t([2, 3], [1, 2, 3, 4, 15, 6]) };
    const out = runProgram(program, feeds);
    expect(Object.keys(out)).toEqual(['y']);
    expectTensor(out.y, [2], [2 + 0 + 3, 5 + 5 + 6]);
    const all = evalValues(program, feeds);
    expect([...all.keys()].sort((a, b) => a - b)).toEqual([x.id, c.id, s.id, r.id, y.id].sort((a, b) => a - b));
    expectTensor(all.get(s.id)!, [2, 3], [2, -8, 3, 5, 5, 6]);
  });

  it('handles multi-output nodes and int64 results', () => {
    const x = val([1, 1, 2, 2], 'float32', 'x');
    const y = val([1, 1, 1, 1]);
    const i = val([1, 1, 1, 1], 'int64');
    const a = val([2], 'int64', 'a');
    const b = val([2], 'int64', 'b');
    const q = val([2], 'int64');
    const program: Program = {
      inputs: [x, a, b],
      nodes: [node('MaxPool', [x], [y, i], { kernel_shape: [2, 2] }), node('Div', [a, b], [q])],
      outputs: [
        { name: 'Y', value: y },
        { name: 'I', value: i },
        { name: 'q', value: q },
      ],
    };
    const out = runProgram(program, { x: t([1, 1, 2, 2], [1, 4, 3, 2]), a: t([2], [7, -7]), b: t([2], [2, 2]) });
    expectTensor(out.Y, [1, 1, 1, 1], [4]);
    expectTensor(out.I, [1, 1, 1, 1], [1]);
    // int64 Div truncates toward zero, as ONNX integer division does.
    expectTensor(out.q, [2], [3, -3]);
  });

  it('throws on unknown ops, naming op and node', () => {
    const x = val([1], 'float32', 'x');
    const y = val([1]);
    const program: Program = { inputs: [x], nodes: [node('Frobnicate', [x], [y], {}, 'n3.fwd/Frobnicate_0')], outputs: [{ name: 'y', value: y }] };
    expect(() => runProgram(program, { x: t([1], [0]) })).toThrow(/Frobnicate.*n3\.fwd\/Frobnicate_0/);
  });

  it('throws on missing feeds and on shapes that contradict the IR', () => {
    const x = val([2], 'float32', 'x');
    const y = val([3]);
    const program: Program = { inputs: [x], nodes: [node('Relu', [x], [y], {}, 'n1/Relu_0')], outputs: [{ name: 'y', value: y }] };
    expect(() => runProgram(program, {})).toThrow(/missing feed for graph input x/);
    expect(() => runProgram(program, { x: t([3], [1, 2, 3]) })).toThrow(/feed x/);
    expect(() => runProgram(program, { x: t([2], [1, 2]) })).toThrow(/n1\/Relu_0.*IR declares \[3\]/);
  });

  it('wraps op errors with the node name', () => {
    const x = val([2], 'float32', 'x');
    const y = val([3]);
    const program: Program = { inputs: [x], nodes: [node('Reshape', [x], [y], { shape: [3] }, 'n9/Reshape_0')], outputs: [{ name: 'y', value: y }] };
    expect(() => runProgram(program, { x: t([2], [1, 2]) })).toThrow(/n9\/Reshape_0 \(Reshape\)/);
  });
});
