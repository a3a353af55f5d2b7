/**
 * Per-op test cases shared by the gradient test (finite differences in float64) and the
 * emitter test (ONNX Runtime vs. the reference interpreter). Every primitive op in the
 * registry must have at least one case: ops with a VJP in GRAD_CASES, the others in
 * FORWARD_CASES. The tests fail for an op without a case, so adding an op adds its test.
 */
import { gradients } from '../../../core/autograd/grad';
import { Builder } from '../../../core/ir/builder';
import type { Attrs, DType, Program, Value } from '../../../core/ir/ir';
import { numel } from '../../../core/ir/ir';
import { Rng } from '../../../core/util/rng';
import type { RefTensor } from '../../reference/tensor';

export interface InputSpec {
  shape: number[];
  dtype?: DType;
  /**
   * any: uniform(-1, 1); pos: uniform(0.5, 2) (Log, Sqrt, divisors); away: |x| in [0.2, 1]
   * (Relu, Abs: no kink within the finite-difference step); bool: 0/1.
   */
  kind?: 'any' | 'pos' | 'away' | 'bool';
  /** Fixed contents (int64 indices, exact ties). */
  data?: number[];
  /** Reuse input k instead of a new graph input (fan-out: gradients must accumulate). */
  same?: number;
  /** Not differentiated (a float input that the case treats as data). */
  noGrad?: boolean;
}

export interface OpCase {
  name: string;
  inputs: InputSpec[];
  attrs?: Attrs;
  /** Composite cases (ops needing valid indices, constants): returns the outputs to check. */
  build?: (b: Builder, xs: Value[]) => Value[];
}

/** Windows for ConvWeightGrad: [name, x shape, g shape, attrs]; batch and channels on and off whole blocks. */
export const WEIGHT_GRAD_WINDOWS: [string, number[], number[], Attrs][] = [
  ['3x3 same padding, 16 channels', [4, 16, 6, 6], [4, 8, 6, 6], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
  ['3x3 same padding, 32×32 planes (blocked: padded before the reorder)', [2, 4, 32, 32], [2, 4, 32, 32], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
  ['3x3 stride 2 padding 1, odd size', [4, 3, 7, 7], [4, 12, 4, 4], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }],
  ['5x5 no padding', [8, 6, 9, 9], [8, 16, 5, 5], { kernel_shape: [5, 5] }],
  ['2x3 kernel, asymmetric pads, dilation 2', [4, 5, 7, 8], [4, 4, 6, 6], { kernel_shape: [2, 3], pads: [1, 0, 0, 2], dilations: [2, 2] }],
  ['3x3 stride 2 padding 1, even size (end pad cropped)', [4, 8, 8, 8], [4, 8, 4, 4], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }],
  ['3x3 stride 4 padding 1, three unused rows (end pad cropped, two rows sliced)', [4, 4, 8, 8], [4, 4, 2, 2], { kernel_shape: [3, 3], strides: [4, 4], pads: [1, 1, 1, 1] }],
  ['3x3 stride 2, unused last row', [4, 4, 8, 8], [4, 4, 3, 3], { kernel_shape: [3, 3], strides: [2, 2] }],
  ['1x1 stride 2 (decomposed everywhere)', [4, 8, 6, 6], [4, 8, 3, 3], { kernel_shape: [1, 1], strides: [2, 2] }],
  ['batch 16, 16 output channels (blocked: ReorderInput(g) and one Transpose)', [16, 4, 6, 6], [16, 16, 6, 6], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
  ['batch 16 stride 2, 32 output channels (blocked: ReorderInput(g) and one Transpose)', [16, 8, 8, 8], [16, 32, 4, 4], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }],
  ['batch 3, 6 output channels (zero-padded to 4 and 8 when blocked)', [3, 4, 5, 5], [3, 6, 5, 5], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
  ['batch 5 stride 2, 3 output channels', [5, 2, 7, 7], [5, 3, 3, 3], { kernel_shape: [3, 3], strides: [2, 2] }],
];

/**
 * ConvTransposeAdd windows: [name, g, w, shortcut g, shortcut w, attrs (the shortcut's with a
 * `shortcut_` prefix)]. ResNet's 3×3 stride-2 input gradient with its 1×1 shortcut's, and
 * windows the blocked path does not take (a padded shortcut, a 1×1 main window).
 */
export const SHORTCUT_SUMS: [string, number[], number[], number[], number[], Attrs][] = [
  ['3×3 stride 2 pads 1 + 1×1 stride 2, 16 → 8 channels', [2, 16, 4, 4], [16, 8, 3, 3], [2, 32, 4, 4], [32, 8, 1, 1],
    { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1], shortcut_kernel_shape: [1, 1], shortcut_strides: [2, 2], shortcut_output_padding: [1, 1] }],
  ['3×3 stride 2 pads 1 + 1×1 stride 2, odd output (not on the phases)', [2, 4, 3, 3], [4, 4, 3, 3], [2, 4, 3, 3], [4, 4, 1, 1],
    { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], shortcut_kernel_shape: [1, 1], shortcut_strides: [2, 2] }],
  ['3×3 stride 2 + padded 3×3 stride 2 shortcut (not on the phases)', [2, 8, 3, 3], [8, 4, 3, 3], [2, 8, 3, 3], [8, 4, 3, 3],
    { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], shortcut_kernel_shape: [3, 3], shortcut_strides: [2, 2], shortcut_pads: [1, 1, 1, 1] }],
];

const f = (shape: number[], kind: InputSpec['kind'] = 'any'): InputSpec => ({ shape, kind });
const pos = (shape: number[]): InputSpec => ({ shape, kind: 'pos' });
const away = (shape: number[]): InputSpec => ({ shape, kind: 'away' });
const bool = (shape: number[]): InputSpec => ({ shape, dtype: 'bool', kind: 'bool' });
const i64 = (shape: number[], data: number[]): InputSpec => ({ shape, dtype: 'int64', data });

const conv = (
  name: string,
  x: number[],
  w: number[],
  attrs: Attrs,
  bias = true,
): OpCase => ({ name, inputs: bias ? [f(x), f(w), f([w[0]])] : [f(x), f(w)], attrs: { kernel_shape: w.slice(2), ...attrs } });

/** Ops with a VJP: each case is checked by finite differences and emitted to ONNX. */
export const GRAD_CASES: Record<string, OpCase[]> = {
  Abs: [{ name: 'away from 0', inputs: [away([3, 4])] }],
  Add: [
    { name: 'same shape', inputs: [f([2, 3]), f([2, 3])] },
    { name: 'broadcast [2,3,4] + [3,1]', inputs: [f([2, 3, 4]), f([3, 1])] },
    { name: 'broadcast [4] + [2,1,4]', inputs: [f([4]), f([2, 1, 4])] },
    { name: 'scalar + [2,3]', inputs: [f([]), f([2, 3])] },
    { name: 'fan-out x + x', inputs: [f([3]), { shape: [3], same: 0 }] },
  ],
  Sub: [
    { name: 'broadcast [2,3,4] - [4]', inputs: [f([2, 3, 4]), f([4])] },
    { name: 'broadcast [1,3] - [2,1]', inputs: [f([1, 3]), f([2, 1])] },
  ],
  Mul: [
    { name: 'broadcast [2,3,4] * [3,1]', inputs: [f([2, 3, 4]), f([3, 1])] },
    { name: 'broadcast [2,1] * [1,3]', inputs: [f([2, 1]), f([1, 3])] },
    { name: 'fan-out x * x', inputs: [f([2, 3]), { shape: [2, 3], same: 0 }] },
  ],
  Div: [
    { name: 'broadcast [2,3,4] / [3,1]', inputs: [f([2, 3, 4]), pos([3, 1])] },
    { name: 'broadcast [4] / [2,1,4]', inputs: [f([4]), pos([2, 1, 4])] },
    { name: 'negative divisor', inputs: [f([2, 3]), { shape: [2, 3], kind: 'away' }] },
  ],
  Where: [
    { name: 'broadcast cond [2,1], x [3], y [2,3]', inputs: [bool([2, 1]), f([3]), f([2, 3])] },
    { name: 'broadcast cond [2,3], x [], y [1,3]', inputs: [bool([2, 3]), f([]), f([1, 3])] },
  ],
  Neg: [{ name: 'plain', inputs: [f([2, 3])] }],
  Clip: [
    // Values kept off the bounds (kinks) by the finite-difference step.
    { name: 'ReLU6 [0, 6]', inputs: [{ shape: [2, 4], data: [-1.5, -0.2, 0.3, 2, 5.5, 6.4, 7, 3] }], attrs: { min: 0, max: 6 } },
    { name: 'Hardtanh [-0.5, 0.25]', inputs: [{ shape: [6], data: [-0.9, -0.4, 0, 0.2, 0.3, 1] }], attrs: { min: -0.5, max: 0.25 } },
  ],
  Identity: [{ name: 'plain', inputs: [f([2, 3])] }],
  Sigmoid: [{ name: 'plain', inputs: [{ shape: [3, 4], kind: 'any' }] }],
  Tanh: [{ name: 'plain', inputs: [f([3, 4])] }],
  Exp: [{ name: 'plain', inputs: [f([3, 4])] }],
  Log: [{ name: 'positive inputs', inputs: [pos([3, 4])] }],
  Sqrt: [{ name: 'positive inputs', inputs: [pos([3, 4])] }],
  Relu: [{ name: 'away from 0', inputs: [away([3, 4])] }],
  BatchNormTrain: [
    { name: '[4,3,2,2] images', inputs: [f([4, 3, 2, 2]), f([3]), f([3])], attrs: { epsilon: 1e-5 } },
    { name: '[5,2] vectors, epsilon 0.1', inputs: [f([5, 2]), f([2]), f([2])], attrs: { epsilon: 0.1 } },
    {
      name: 'mean and variance outputs used too',
      inputs: [f([3, 2, 3]), f([2]), f([2])],
      build: (b, xs) => {
        const [y, mean, variance] = b.op('BatchNormTrain', xs, { epsilon: 1e-5 });
        return [b.add(y, b.reshape(b.add(mean, b.mul(variance, b.scalar(3))), [1, 2, 1]))];
      },
    },
  ],
  LeakyRelu: [
    { name: 'default alpha, away from 0', inputs: [away([3, 4])] },
    { name: 'alpha 0.2', inputs: [away([2, 5])], attrs: { alpha: 0.2 } },
  ],
  Erf: [
    { name: 'plain', inputs: [f([3, 4])] },
    { name: 'large |x| (continued fraction)', inputs: [{ shape: [4], data: [-3.5, -2.9, 3.1, 4.2] }] },
  ],
  Gemm: [
    { name: 'transA 0 transB 0, C [5]', inputs: [f([3, 4]), f([4, 5]), f([5])] },
    { name: 'transA 0 transB 1, C [3,1]', inputs: [f([3, 4]), f([5, 4]), f([3, 1])], attrs: { transB: 1 } },
    { name: 'transA 1 transB 0, C [3,5]', inputs: [f([4, 3]), f([4, 5]), f([3, 5])], attrs: { transA: 1 } },
    { name: 'transA 1 transB 1, C [1,5]', inputs: [f([4, 3]), f([5, 4]), f([1, 5])], attrs: { transA: 1, transB: 1 } },
    { name: 'no C', inputs: [f([3, 4]), f([5, 4])], attrs: { transB: 1 } },
    { name: 'alpha 0.5 beta 2, C []', inputs: [f([3, 4]), f([4, 5]), f([])], attrs: { alpha: 0.5, beta: 2 } },
    { name: 'alpha 1.5 transA transB', inputs: [f([4, 3]), f([5, 4]), f([5])], attrs: { alpha: 1.5, transA: 1, transB: 1 } },
  ],
  MatMul: [
    { name: '2-D', inputs: [f([3, 4]), f([4, 2])] },
    { name: 'batched [2,3,4] @ [4,5]', inputs: [f([2, 3, 4]), f([4, 5])] },
    { name: 'batched [3,4] @ [2,4,5]', inputs: [f([3, 4]), f([2, 4, 5])] },
    { name: 'broadcast batch [2,1,3,4] @ [3,4,2]', inputs: [f([2, 1, 3, 4]), f([3, 4, 2])] },
  ],
  Conv: [
    // Input gradient via ConvTranspose (stride 2), weight gradient via im2col (3x3).
    conv('stride 2, padding 1', [2, 3, 7, 7], [4, 3, 3, 3], { strides: [2, 2], pads: [1, 1, 1, 1] }),
    conv('stride 2, no padding, even input', [1, 2, 8, 8], [3, 2, 3, 3], { strides: [2, 2] }),
    conv('dilation 2', [1, 2, 8, 8], [3, 2, 3, 3], { dilations: [2, 2] }),
    conv('groups 2, padding 1', [2, 4, 5, 5], [6, 2, 3, 3], { pads: [1, 1, 1, 1], group: 2 }),
    conv('groups 2, stride 2', [1, 4, 6, 6], [4, 2, 3, 3], { strides: [2, 2], group: 2 }, false),
    // Stride 1 with padding.
    conv('3x3 same padding (im2col weight grad)', [2, 3, 6, 6], [4, 3, 3, 3], { pads: [1, 1, 1, 1] }),
    conv('3x3 same padding, no bias', [1, 2, 5, 5], [3, 2, 3, 3], { pads: [1, 1, 1, 1] }, false),
    conv('stride 1 padding 1 with 5x5 kernel (partial padding)', [1, 2, 7, 7], [2, 2, 5, 5], { pads: [1, 1, 1, 1] }),
    conv('stride 1 padded, dilation 2', [1, 2, 7, 7], [2, 2, 3, 3], { pads: [2, 2, 2, 2], dilations: [2, 2] }),
    conv('stride 1 padded, 2x3 kernel', [1, 2, 5, 6], [3, 2, 2, 3], { pads: [1, 1, 1, 1] }),
    // 16+ input channels: channel-major, one Gemm per kernel tap for the weight gradient.
    conv('16 channels, 3x3 same padding (channel-major weight grad)', [2, 16, 4, 4], [2, 16, 3, 3], { pads: [1, 1, 1, 1] }),
    conv('16 channels, stride 2, dilation 2', [1, 16, 7, 7], [2, 16, 2, 2], { strides: [2, 2], dilations: [2, 2] }),
    // 5x5: weight gradient via the batch-transposed Conv.
    conv('5x5 same padding (transposed-conv weight grad)', [2, 2, 7, 7], [3, 2, 5, 5], { pads: [2, 2, 2, 2] }),
    conv('5x5 stride 2, odd leftover (sliced weight grad)', [1, 2, 10, 10], [2, 2, 5, 5], { strides: [2, 2] }),
    conv('5x5 stride 1 no padding (ConvTranspose input grad)', [1, 1, 8, 8], [2, 1, 5, 5], {}),
    conv('1x1 kernel', [2, 3, 4, 4], [2, 3, 1, 1], {}),
  ],
  ConvTranspose: [
    // dX: a Conv with the same window; dW: Conv's weight gradient with x and g swapped.
    { name: 'stride 2 pads 1 output_padding 1, bias', inputs: [f([2, 2, 3, 3]), f([2, 3, 3, 3]), f([3])], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } },
    { name: 'group 2 dilation 2', inputs: [f([1, 4, 3, 3]), f([4, 1, 3, 3])], attrs: { kernel_shape: [3, 3], dilations: [2, 2], group: 2 } },
    { name: 'stride 1 no pads', inputs: [f([2, 2, 3, 4]), f([2, 2, 2, 2])], attrs: { kernel_shape: [2, 2] } },
    { name: '5x5 stride 2 (transposed-conv dW)', inputs: [f([1, 3, 2, 2]), f([3, 2, 5, 5]), f([2])], attrs: { kernel_shape: [5, 5], strides: [2, 2], pads: [2, 2, 2, 2], output_padding: [1, 1] } },
    { name: '2x2 stride 2, 16 output channels (channel-major dW)', inputs: [f([2, 2, 2, 3]), f([2, 16, 2, 2])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
  ],
  MaxPool: [
    // Non-overlapping windows: gradient through MaxUnpool.
    { name: 'kernel 2 stride 2 (MaxUnpool path)', inputs: [f([2, 3, 4, 4])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { name: 'kernel 2 stride 2, odd input (MaxUnpool path)', inputs: [f([1, 2, 5, 5])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    // `blocked`: the emitter's SpaceToDepth formulation (core/ops/maxPoolBlocks.ts).
    { name: 'blocked kernel 2, even input', inputs: [f([2, 3, 4, 6])], attrs: { kernel_shape: [2, 2], strides: [2, 2], blocked: 1 } },
    { name: 'blocked kernel 2, odd input (cropped)', inputs: [f([1, 2, 5, 7])], attrs: { kernel_shape: [2, 2], strides: [2, 2], blocked: 1 } },
    { name: 'blocked kernel 3', inputs: [f([2, 2, 6, 7])], attrs: { kernel_shape: [3, 3], strides: [3, 3], blocked: 1 } },
    // Overlapping windows: gradient through ScatterElements(add).
    { name: 'kernel 3 stride 2 (ScatterElements path)', inputs: [f([2, 2, 7, 7])], attrs: { kernel_shape: [3, 3], strides: [2, 2] } },
    { name: 'kernel 3 stride 1 padding 1 (ScatterElements path)', inputs: [f([1, 2, 5, 5])], attrs: { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] } },
  ],
  AveragePool: [
    { name: 'kernel 2 stride 2', inputs: [f([2, 3, 4, 4])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { name: 'kernel 3 stride 2 padding 1, count_include_pad 0', inputs: [f([2, 2, 5, 5])], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 0 } },
    { name: 'kernel 3 stride 2 padding 1, count_include_pad 1', inputs: [f([2, 2, 5, 5])], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 } },
    { name: 'kernel 3 stride 1 padding 1, count_include_pad 0', inputs: [f([1, 2, 4, 4])], attrs: { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], count_include_pad: 0 } },
    { name: 'kernel 2 stride 2, odd input 5x6', inputs: [f([1, 2, 5, 6])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
  ],
  Reshape: [
    { name: '[2,3,4] -> [4,-1]', inputs: [f([2, 3, 4])], attrs: { shape: [4, -1] } },
    { name: '[2,3,4] -> [0,12]', inputs: [f([2, 3, 4])], attrs: { shape: [0, 12] } },
  ],
  Flatten: [
    { name: 'axis 1', inputs: [f([2, 3, 2, 2])], attrs: { axis: 1 } },
    { name: 'axis 2', inputs: [f([2, 3, 4])], attrs: { axis: 2 } },
    { name: 'axis 0', inputs: [f([2, 3])], attrs: { axis: 0 } },
  ],
  Transpose: [
    { name: 'perm [2,0,1]', inputs: [f([2, 3, 4])], attrs: { perm: [2, 0, 1] } },
    { name: 'perm [1,0,2,3]', inputs: [f([2, 3, 2, 2])], attrs: { perm: [1, 0, 2, 3] } },
  ],
  ReduceSum: [
    { name: 'axes [1] keepdims 0', inputs: [f([2, 3, 4])], attrs: { axes: [1], keepdims: 0 } },
    { name: 'axes [1] keepdims 1', inputs: [f([2, 3, 4])], attrs: { axes: [1], keepdims: 1 } },
    { name: 'axes [0,2] keepdims 0', inputs: [f([2, 3, 4])], attrs: { axes: [0, 2], keepdims: 0 } },
    { name: 'axes [-1] keepdims 1', inputs: [f([2, 3, 4])], attrs: { axes: [-1], keepdims: 1 } },
    { name: 'all axes keepdims 0', inputs: [f([2, 3])], attrs: { axes: [], keepdims: 0 } },
  ],
  ReduceMean: [
    { name: 'axes [1] keepdims 0', inputs: [f([2, 3, 4])], attrs: { axes: [1], keepdims: 0 } },
    { name: 'axes [0,2] keepdims 1', inputs: [f([2, 3, 4])], attrs: { axes: [0, 2], keepdims: 1 } },
    { name: 'all axes keepdims 1', inputs: [f([2, 3])], attrs: { keepdims: 1 } },
    { name: 'axes [-1] keepdims 0', inputs: [f([2, 3, 4])], attrs: { axes: [-1], keepdims: 0 } },
  ],
  LogSoftmax: [
    { name: 'axis 1 of [3,5]', inputs: [f([3, 5])], attrs: { axis: 1 } },
    { name: 'axis 1 of [2,3,4]', inputs: [f([2, 3, 4])], attrs: { axis: 1 } },
    { name: 'axis -1 of [2,3,4]', inputs: [f([2, 3, 4])], attrs: { axis: -1 } },
  ],
  Softmax: [
    { name: 'axis 1 of [3,5]', inputs: [f([3, 5])], attrs: { axis: 1 } },
    { name: 'axis 0 of [3,4]', inputs: [f([3, 4])], attrs: { axis: 0 } },
    { name: 'axis -1 of [2,3,4]', inputs: [f([2, 3, 4])], attrs: { axis: -1 } },
  ],
  Slice: [
    { name: 'axes [1] starts 1 ends 3', inputs: [f([2, 4, 3])], attrs: { starts: [1], ends: [3], axes: [1], steps: [1] } },
    { name: 'two axes, negative start, clamped end', inputs: [f([3, 5])], attrs: { starts: [-2, 1], ends: [100, 4], axes: [0, 1], steps: [1, 1] } },
    { name: 'default axes and steps', inputs: [f([4, 3])], attrs: { starts: [1, 0], ends: [3, 2] } },
    { name: 'negative axis and end', inputs: [f([2, 3, 6])], attrs: { starts: [1], ends: [-1], axes: [-1] } },
  ],
  Concat: [
    { name: 'axis 1, three inputs', inputs: [f([2, 3]), f([2, 2]), f([2, 1])], attrs: { axis: 1 } },
    { name: 'axis 0', inputs: [f([1, 3]), f([2, 3])], attrs: { axis: 0 } },
    { name: 'axis -1 of rank 3', inputs: [f([2, 2, 1]), f([2, 2, 3])], attrs: { axis: -1 } },
    { name: 'fan-out: x twice', inputs: [f([2, 2]), { shape: [2, 2], same: 0 }], attrs: { axis: 0 } },
  ],
  Split: [
    { name: 'axis 0 into 1, 3, 2', inputs: [f([6, 2])], attrs: { axis: 0, split: [1, 3, 2] } },
    { name: 'axis 1, one part unused', inputs: [f([2, 5])], attrs: { axis: 1, split: [2, 3] }, build: (b, [x]) => [b.op('Split', [x], { axis: 1, split: [2, 3] })[1]] },
  ],
  Pad: [
    { name: 'rank 3 mixed pads', inputs: [f([2, 3, 4])], attrs: { pads: [0, 1, 2, 1, 0, 1] } },
    { name: 'NCHW spatial pads', inputs: [f([1, 2, 3, 3])], attrs: { pads: [0, 0, 1, 2, 0, 0, 2, 1] } },
  ],
  Unsqueeze: [
    { name: 'axes [0,3]', inputs: [f([2, 3])], attrs: { axes: [0, 3] } },
    { name: 'axes [-1]', inputs: [f([2, 3])], attrs: { axes: [-1] } },
  ],
  Squeeze: [
    { name: 'axes [1,3]', inputs: [f([2, 1, 3, 1])], attrs: { axes: [1, 3] } },
    { name: 'axes [-1]', inputs: [f([3, 1])], attrs: { axes: [-1] } },
  ],
  Expand: [
    { name: '[3,1] -> [2,3,4]', inputs: [f([3, 1])], attrs: { shape: [2, 3, 4] } },
    { name: '[4] -> [3,4]', inputs: [f([4])], attrs: { shape: [3, 4] } },
    { name: '[] -> [2,2]', inputs: [f([])], attrs: { shape: [2, 2] } },
    { name: '[2,1] -> [1,3] (bidirectional)', inputs: [f([2, 1])], attrs: { shape: [1, 3] } },
  ],
};

/** Ops without a VJP (or marked non-differentiable): forward cases only, run by the emitter test. */
export const FORWARD_CASES: Record<string, OpCase[]> = {
  // The weight gradient on its own (decomposed here; blocked in test/core/ops/nchwcConv.test.ts).
  ConvWeightGrad: WEIGHT_GRAD_WINDOWS.map(([name, x, g, attrs]) => ({ name, inputs: [f(x), f(g)], attrs })),
  // A downsampling block's input gradient, as core/onnx/fuseShortcutGrads.ts fuses it for ORT's
  // CPU kernels (blocked in test/core/ops/nchwcConv.test.ts; standard ops here).
  ConvTransposeAdd: SHORTCUT_SUMS.map(([name, g, w, gs, ws, attrs]) => ({ name, inputs: [f(g), f(w), f(gs), f(ws)], attrs })),
  // An imported op written back as it was (here Softmax over axis 1, an attribute passed through).
  OnnxOp: [
    {
      name: 'pass-through Softmax axis 1',
      inputs: [f([2, 3])],
      attrs: { op_type: 'Softmax', attributes: '{"axis":{"i":1}}', out_types: '[{"shape":[2,3],"dtype":"float32"}]', absent: '[]' },
    },
  ],
  ArgMax: [
    { name: 'axis 1 keepdims 0', inputs: [f([3, 5])], attrs: { axis: 1, keepdims: 0 } },
    { name: 'axis 0 keepdims 1', inputs: [f([3, 5])], attrs: { axis: 0, keepdims: 1 } },
  ],
  BatchNormalization: [
    { name: 'NCHW, eps 1e-3', inputs: [f([2, 3, 2, 2]), f([3]), f([3]), f([3]), pos([3])], attrs: { epsilon: 1e-3 } },
    { name: 'NC', inputs: [f([4, 2]), f([2]), f([2]), f([2]), pos([2])], attrs: { epsilon: 1e-5 } },
  ],
  Mod: [
    // Both signs: ONNX Mod with fmod=0 takes the divisor's sign, as the PRNG relies on.
    { name: 'int64, mixed signs', inputs: [i64([6], [7, -7, 0, 67108858, 12, -1]), i64([6], [3, 3, 5, 67108859, -5, 67108859])] },
    { name: 'int64 broadcast by a scalar', inputs: [i64([4], [4503599627370495, 123456789, 5, 67108859]), i64([], [67108859])] },
  ],
  Range: [
    { name: '0..6', inputs: [], build: (b) => [b.op1('Range', [], { start: 0, limit: 6, delta: 1 })] },
    { name: 'start 3 step 4', inputs: [], build: (b) => [b.op1('Range', [], { start: 3, limit: 20, delta: 4 })] },
  ],
  Cast: [
    { name: 'float -> int64 (truncates)', inputs: [{ shape: [2, 4], data: [-2.7, -1.2, -0.5, 0, 0.5, 1.5, 2.9, 3.1] }], attrs: { to: 'int64' } },
    { name: 'float -> bool', inputs: [{ shape: [4], data: [0, 1.5, -2, 0] }], attrs: { to: 'bool' } },
    { name: 'bool -> float', inputs: [bool([2, 3])], attrs: { to: 'float32' } },
    { name: 'int64 -> float', inputs: [i64([3], [-1, 0, 7])], attrs: { to: 'float32' } },
  ],
  Constant: [
    { name: 'float [2,3]', inputs: [], build: (b) => [b.constant([1, -2, 3.5, 0, 0.25, -7], [2, 3])] },
    { name: 'int64 scalar', inputs: [], build: (b) => [b.scalar(42, 'int64')] },
    { name: 'used by an op', inputs: [f([2, 3])], build: (b, [x]) => [b.mul(x, b.constant([1, 2, 3], [3]))] },
  ],
  Equal: [{ name: 'float with ties, broadcast', inputs: [{ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, { shape: [3], data: [1, 5, 6] }] }],
  Greater: [{ name: 'broadcast', inputs: [f([2, 3]), f([3])] }],
  Less: [{ name: 'broadcast', inputs: [f([2, 1]), f([1, 3])] }],
  MaxUnpool: [
    {
      name: 'after MaxPool kernel 2 stride 2, odd input',
      inputs: [f([2, 2, 5, 5])],
      build: (b, [x]) => {
        const [y, idx] = b.op('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
        return [b.op1('MaxUnpool', [y, idx], { kernel_shape: [2, 2], strides: [2, 2], output_shape: [...x.shape] })];
      },
    },
  ],
  OneHot: [{ name: 'depth 4', inputs: [i64([5], [0, 3, 1, 2, 3])], attrs: { depth: 4 } }],
  Pow: [
    { name: 'positive base, broadcast exponent', inputs: [pos([2, 3]), f([3])] },
    { name: 'scalar base and exponent', inputs: [pos([]), f([])] },
  ],
  ReduceMax: [
    { name: 'axes [1] keepdims 0', inputs: [f([2, 3, 4])], attrs: { axes: [1], keepdims: 0 } },
    { name: 'all axes keepdims 1', inputs: [f([2, 3])], attrs: { keepdims: 1 } },
  ],
  ScatterElements: [
    { name: '1-D add with duplicates', inputs: [f([6]), i64([5], [0, 2, 2, 5, 0]), f([5])], attrs: { axis: 0, reduction: 'add' } },
    { name: '2-D axis 1 none', inputs: [f([2, 4]), i64([2, 2], [3, 0, 1, 2]), f([2, 2])], attrs: { axis: 1 } },
  ],
};

export interface BuiltCase {
  b: Builder;
  /** Graph inputs (fan-out inputs appear once). */
  inputs: Value[];
  /** Outputs of the op under test. */
  outs: Value[];
  feeds: Record<string, RefTensor>;
}

/** Random (or fixed) float32-representable contents for one input. */
export function inputData(spec: InputSpec, rng: Rng): number[] {
  if (spec.data) return spec.data.map((v) => (spec.dtype && spec.dtype !== 'float32' ? v : Math.fround(v)));
  const n = numel(spec.shape);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (spec.kind ?? 'any') {
      case 'bool':
        out.push(rng.next() < 0.5 ? 1 : 0);
        break;
      case 'pos':
        out.push(Math.fround(rng.uniform(0.5, 2)));
        break;
      case 'away':
        out.push(Math.fround((rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.2, 1)));
        break;
      default:
        out.push(Math.fround(rng.uniform(-1, 1)));
    }
  }
  return out;
}

/** Builds the op under test inside scope `n12.fwd`, with graph inputs x0, x1, ... */
export function buildCase(op: string, c: OpCase, seed: number): BuiltCase {
  const rng = new Rng(seed);
  const b = new Builder();
  const feeds: Record<string, RefTensor> = {};
  const xs: Value[] = [];
  c.inputs.forEach((spec, i) => {
    if (spec.same !== undefined) {
      xs.push(xs[spec.same]);
      return;
    }
    const name = `x${i}`;
    xs.push(b.input(name, spec.shape, spec.dtype ?? 'float32'));
    feeds[name] = { shape: [...spec.shape], data: Float64Array.from(inputData(spec, rng)) };
  });
  const outs = b.inScope('n12.fwd', () => (c.build ? c.build(b, xs) : b.op(op, xs, c.attrs ?? {})));
  return { b, inputs: [...b.inputs], outs, feeds };
}

export interface GradProgram {
  /** Forward only, output `loss` (for finite differences). */
  forward: Program;
  /** Forward + backward: outputs `loss` and `grad.<input>` per differentiated input. */
  full: Program;
  feeds: Record<string, RefTensor>;
  /** Names of the differentiated inputs. */
  wrt: string[];
}

/**
 * loss = ReduceSum(op(x...)[0] · W) with fixed random W, so every output element matters;
 * gradients with respect to every float input the case does not mark noGrad.
 */
export function buildGradProgram(op: string, c: OpCase, seed: number): GradProgram {
  const { b, inputs, outs, feeds } = buildCase(op, c, seed);
  const y = outs[0];
  const rng = new Rng(seed + 1000);
  const w = inputData({ shape: y.shape, kind: 'any' }, rng);
  const loss = b.inScope('n13.fwd', () => b.op1('ReduceSum', [b.mul(y, b.constant(w, y.shape))], { axes: [], keepdims: 0 }));
  const forwardNodes = [...b.nodes];
  const wrtSpecs = c.inputs
    .map((spec, i) => ({ spec, name: `x${i}` }))
    .filter(({ spec }) => spec.same === undefined && (spec.dtype ?? 'float32') === 'float32' && !spec.noGrad);
  const wrtValues = wrtSpecs.map(({ name }) => inputs.find((v) => v.name === name)!);
  const grads = gradients(b, loss, wrtValues);
  const lossOut = { name: 'loss', value: loss };
  return {
    forward: { nodes: forwardNodes, inputs, outputs: [lossOut] },
    full: {
      nodes: [...b.nodes],
      inputs,
      outputs: [lossOut, ...grads.map((g, i) => ({ name: `grad.${wrtSpecs[i].name}`, value: g }))],
    },
    feeds,
    wrt: wrtSpecs.map((s) => s.name),
  };
}

/** Case list for the registry-driven tests: [op, case] pairs, with ops lacking a case reported separately. */
export function casesFor(table: Record<string, OpCase[]>, op: string): OpCase[] {
  return table[op] ?? [];
}
