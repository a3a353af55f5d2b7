/**
 * THE registry of ONNX import rules, one file per op. An op without a rule, or whose rule
 * declines a node (a layer that does not exist yet, attributes PyTorch's layer cannot
 * express), becomes an opaque OnnxOp node. A rule whose target layer is not registered
 * declines by itself (MapContext.hasLayer), so rules can land before their layers.
 */
import { Add } from './Add';
import { AveragePool } from './AveragePool';
import { BatchNormalization } from './BatchNormalization';
import { Cast } from './Cast';
import { Clip } from './Clip';
import { Concat } from './Concat';
import { Constant } from './Constant';
import { ConstantOfShape } from './ConstantOfShape';
import { Conv } from './Conv';
import { ConvTranspose } from './ConvTranspose';
import { Div } from './Div';
import { Dropout } from './Dropout';
import { Flatten } from './Flatten';
import { Gather } from './Gather';
import { Gelu } from './Gelu';
import { Gemm } from './Gemm';
import { GlobalAveragePool } from './GlobalAveragePool';
import { Identity } from './Identity';
import { LeakyRelu } from './LeakyRelu';
import { MatMul } from './MatMul';
import { MaxPool } from './MaxPool';
import { Mul } from './Mul';
import { Pad } from './Pad';
import { Relu } from './Relu';
import { Reshape } from './Reshape';
import { Shape } from './Shape';
import { Sigmoid } from './Sigmoid';
import { Slice } from './Slice';
import { Softmax } from './Softmax';
import { Squeeze } from './Squeeze';
import { Sub } from './Sub';
import { Tanh } from './Tanh';
import { Unsqueeze } from './Unsqueeze';
import type { OpRule } from './types';

const rules = new Map<string, OpRule>();

for (const rule of [
  Add, AveragePool, BatchNormalization, Cast, Clip, Concat, Constant, ConstantOfShape, Conv, ConvTranspose, Div, Dropout, Flatten, Gather, Gelu,
  Gemm, GlobalAveragePool, Identity, LeakyRelu, MatMul, MaxPool, Mul, Pad, Relu, Reshape, Shape, Sigmoid, Slice, Softmax,
  Squeeze, Sub, Tanh, Unsqueeze,
]) {
  if (rules.has(rule.op)) throw new Error(`ONNX import rule for ${rule.op} is registered twice`);
  rules.set(rule.op, rule);
}

export function importRule(op: string): OpRule | undefined {
  return rules.get(op);
}

export function importRules(): OpRule[] {
  return [...rules.values()];
}
