/** The one registry of reference ops, keyed by IR (ONNX) op type. */
import { ArgMax } from './argMax';
import { AveragePool } from './averagePool';
import { BatchNormalization } from './batchNormalization';
import { BatchNormTrain } from './batchNormTrain';
import { Cast } from './cast';
import { Concat } from './concat';
import { Constant } from './constant';
import { Conv } from './conv';
import { ConvTranspose } from './convTranspose';
import { ConvTransposeAdd } from './convTransposeAdd';
import { ConvWeightGrad } from './convWeightGrad';
import * as ew from './elementwise';
import { Expand } from './expand';
import { Flatten } from './flatten';
import { Gemm } from './gemm';
import { Identity } from './identity';
import { MatMul } from './matmul';
import { MaxPool } from './maxPool';
import { MaxUnpool } from './maxUnpool';
import { OneHot } from './oneHot';
import { Pad } from './pad';
import { Range } from './range';
import { ReduceMax, ReduceMean, ReduceSum } from './reduce';
import { Reshape } from './reshape';
import { ScatterElements } from './scatterElements';
import { Slice } from './slice';
import { Split } from './split';
import { LogSoftmax, Softmax } from './softmax';
import { Squeeze } from './squeeze';
import { Transpose } from './transpose';
import type { RefOp } from './types';
import { Unsqueeze } from './unsqueeze';

import { onnxOpRef } from './onnxOp';

export type { RefOp } from './types';

export const refOps: Record<string, RefOp> = {
  Constant,
  Identity,
  Add: ew.Add,
  Sub: ew.Sub,
  Mul: ew.Mul,
  Div: ew.Div,
  Pow: ew.Pow,
  Mod: ew.Mod,
  Neg: ew.Neg,
  Relu: ew.Relu,
  Sigmoid: ew.Sigmoid,
  Tanh: ew.Tanh,
  Exp: ew.Exp,
  Log: ew.Log,
  Sqrt: ew.Sqrt,
  Abs: ew.Abs,
  Erf: ew.Erf,
  LeakyRelu: ew.LeakyRelu,
  Clip: ew.Clip,
  Equal: ew.Equal,
  Greater: ew.Greater,
  Less: ew.Less,
  Where: ew.Where,
  Gemm,
  MatMul,
  Conv,
  ConvTranspose,
  ConvTransposeAdd,
  ConvWeightGrad,
  MaxPool,
  MaxUnpool,
  AveragePool,
  Reshape,
  Flatten,
  Transpose,
  Squeeze,
  Unsqueeze,
  Expand,
  ReduceSum,
  ReduceMean,
  ReduceMax,
  Softmax,
  LogSoftmax,
  Slice,
  Concat,
  Pad,
  Cast,
  ArgMax,
  OneHot,
  ScatterElements,
  Range,
  Split,
  BatchNormalization,
  BatchNormTrain,
};

refOps.OnnxOp = onnxOpRef(refOps);
