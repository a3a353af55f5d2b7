/**
 * THE registry of primitive ops. Every op the compiler may emit is listed here once;
 * registering a name twice throws, and looking up a missing op is a named error.
 */
import { CompileError } from '../ir/errors';
import type { PrimitiveOp } from './types';
import { Abs } from './prims/Abs';
import { Add } from './prims/Add';
import { ArgMax } from './prims/ArgMax';
import { AveragePool } from './prims/AveragePool';
import { BatchNormalization } from './prims/BatchNormalization';
import { BatchNormTrain } from './prims/BatchNormTrain';
import { Cast } from './prims/Cast';
import { Concat } from './prims/Concat';
import { Constant } from './prims/Constant';
import { Conv } from './prims/Conv';
import { Clip } from './prims/Clip';
import { ConvTranspose } from './prims/ConvTranspose';
import { ConvWeightGrad } from './prims/ConvWeightGrad';
import { ConvTransposeAdd } from './prims/ConvTransposeAdd';
import { Div } from './prims/Div';
import { Equal } from './prims/Equal';
import { Erf } from './prims/Erf';
import { Exp } from './prims/Exp';
import { Expand } from './prims/Expand';
import { Flatten } from './prims/Flatten';
import { Gemm } from './prims/Gemm';
import { Greater } from './prims/Greater';
import { Identity } from './prims/Identity';
import { LeakyRelu } from './prims/LeakyRelu';
import { Less } from './prims/Less';
import { Log } from './prims/Log';
import { LogSoftmax } from './prims/LogSoftmax';
import { MatMul } from './prims/MatMul';
import { MaxPool } from './prims/MaxPool';
import { MaxUnpool } from './prims/MaxUnpool';
import { Mod } from './prims/Mod';
import { Mul } from './prims/Mul';
import { Neg } from './prims/Neg';
import { OneHot } from './prims/OneHot';
import { OnnxOp } from './prims/OnnxOp';
import { Pad } from './prims/Pad';
import { Pow } from './prims/Pow';
import { Range } from './prims/Range';
import { ReduceMax } from './prims/ReduceMax';
import { ReduceMean } from './prims/ReduceMean';
import { ReduceSum } from './prims/ReduceSum';
import { Relu } from './prims/Relu';
import { Reshape } from './prims/Reshape';
import { ScatterElements } from './prims/ScatterElements';
import { Sigmoid } from './prims/Sigmoid';
import { Slice } from './prims/Slice';
import { Softmax } from './prims/Softmax';
import { Split } from './prims/Split';
import { Sqrt } from './prims/Sqrt';
import { Squeeze } from './prims/Squeeze';
import { Sub } from './prims/Sub';
import { Tanh } from './prims/Tanh';
import { Transpose } from './prims/Transpose';
import { Unsqueeze } from './prims/Unsqueeze';
import { Where } from './prims/Where';

const registry = new Map<string, PrimitiveOp>();

export function registerOp(op: PrimitiveOp): void {
  if (registry.has(op.name)) throw new Error(`Primitive op ${op.name} is registered twice`);
  registry.set(op.name, op);
}

[
  Abs, Add, ArgMax, AveragePool, BatchNormalization, BatchNormTrain, Cast, Clip, Concat, Constant, Conv, ConvTranspose, ConvTransposeAdd, ConvWeightGrad, Div, Equal, Erf, Exp, Expand,
  Flatten, Gemm, Greater, Identity, LeakyRelu, Less, Log, LogSoftmax, MatMul, MaxPool, MaxUnpool, Mod, Mul, Neg, OneHot, OnnxOp,
  Pad, Pow, Range, ReduceMax, ReduceMean, ReduceSum, Relu, Reshape, ScatterElements, Sigmoid, Slice, Softmax,
  Split, Sqrt, Squeeze, Sub, Tanh, Transpose, Unsqueeze, Where,
].forEach(registerOp);

export function getOp(name: string): PrimitiveOp {
  const op = registry.get(name);
  if (!op) throw new CompileError('IR_UNKNOWN_OP', `No primitive op named ${name} is registered`);
  return op;
}

export function allOps(): PrimitiveOp[] {
  return [...registry.values()];
}
