import type { Diagnostic } from '../check/diagnostics';
import { CompileError } from '../ir/errors';
import type { DType, Value } from '../ir/ir';
import type { LayerDef, PortSpec, TensorType } from './types';

/** Ports of an opaque op: inputs and outputs in the ONNX node's order (unused ones stay free). */
export const ONNX_OP_INPUTS = 8;
export const ONNX_OP_OUTPUTS = 4;

/** Ops whose output has the shape and type of their first input (ONNX's elementwise unary ops). */
export const SAME_SHAPE_OPS: ReadonlySet<string> = new Set([
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Celu', 'Clip', 'Cos', 'Cosh', 'Dropout', 'Elu', 'Erf',
  'Exp', 'Floor', 'Gelu', 'HardSigmoid', 'HardSwish', 'Hardmax', 'Identity', 'InstanceNormalization', 'IsInf', 'IsNaN',
  'LRN', 'LeakyRelu', 'Log', 'LogSoftmax', 'LpNormalization', 'MeanVarianceNormalization', 'Mish', 'Neg', 'Not', 'PRelu',
  'Reciprocal', 'Relu', 'Round', 'Selu', 'Shrink', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Softmax', 'Softplus', 'Softsign',
  'Sqrt', 'Tan', 'Tanh', 'ThresholdedRelu',
]);

/** One input of the ONNX node: a port, a stored constant (a buffer of this node), small integers, or absent. */
export type OnnxOpInput = { port: string } | { buffer: string; shape: number[] } | { ints: number[]; dims: number[] } | null;
/** Per-sample type of one output; shape null when it could not be inferred. */
export type OnnxOpOutput = { shape: number[] | null; dtype: 'float32' | 'int64' };

function json<T>(v: unknown, fallback: T): T {
  try {
    return typeof v === 'string' && v ? (JSON.parse(v) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function onnxOpInputs(params: Record<string, unknown>): OnnxOpInput[] {
  return json<OnnxOpInput[]>(params.inputs, []);
}

export function onnxOpOutputs(params: Record<string, unknown>): OnnxOpOutput[] {
  return json<OnnxOpOutput[]>(params.outputs, [{ shape: null, dtype: 'float32' }]);
}

const inputs: PortSpec[] = Array.from({ length: ONNX_OP_INPUTS }, (_, i) => ({ name: `in${i}`, kind: 'tensor' as const, required: false }));
const outputs: PortSpec[] = Array.from({ length: ONNX_OP_OUTPUTS }, (_, i) => ({ name: `out${i}`, kind: 'tensor' as const }));

/**
 * An imported ONNX node no layer maps to, kept as it was (Netron-style: op type and
 * attributes shown on the node). The graph around it can be viewed, checked and exported
 * (the node is written back unchanged); training is refused with the node and op named,
 * since Wiregrad has no gradient rule for it. Not offered in the palette.
 */
export const OnnxOp: LayerDef = {
  type: 'OnnxOp',
  category: 'layer',
  doc: 'An imported ONNX op kept as it is: exported unchanged, not trainable',
  params: [
    { name: 'op_type', kind: 'text', default: 'Identity', doc: 'The ONNX op type' },
    { name: 'attributes', kind: 'text', default: '{}', doc: 'The ONNX attributes, typed: {"alpha": {"f": 0.2}, "pads": {"ints": [1, 1, 1, 1]}}' },
    { name: 'inputs', kind: 'text', default: '[{"port":"in0"}]', doc: 'The ONNX inputs in order: a port, a stored constant, small integers, or null' },
    { name: 'outputs', kind: 'text', default: '[{"shape":null,"dtype":"float32"}]', doc: 'Per-sample type of each output, as inferred at import' },
  ],
  inputs,
  // Only the ports its ONNX inputs use, so the node shows no dangling handles.
  inputsFor: (p) => inputs.slice(0, Math.max(1, onnxOpInputs(p).filter((i) => i && 'port' in i).length)),
  outputs,
  summary: (p) => {
    const attrs = json<Record<string, Record<string, unknown>>>(p.attributes, {});
    const text = Object.entries(attrs)
      .slice(0, 3)
      .map(([k, v]) => `${k}=${JSON.stringify(Object.values(v)[0]).slice(0, 24)}`)
      .join(' ');
    return `${p.op_type}${text ? ` · ${text}` : ''}`;
  },
  infer: ({ nodeId, params, inputs: ins }) => {
    const diagnostics: Diagnostic[] = [];
    const declared = onnxOpOutputs(params);
    const out: Record<string, TensorType | null> = {};
    declared.forEach((o, i) => {
      let shape = o.shape;
      if (!shape && i === 0 && SAME_SHAPE_OPS.has(String(params.op_type)) && ins.in0) shape = [...ins.in0.shape];
      out[`out${i}`] = shape ? { shape: [...shape], dtype: o.dtype } : null;
    });
    const unknown = declared.some((_, i) => !out[`out${i}`]);
    diagnostics.push({
      code: 'ONNX_OP_OPAQUE',
      severity: 'warning',
      nodeId,
      message: `The ONNX op ${params.op_type} is kept as imported: the model can be viewed and exported, but not trained until it is replaced by layers${unknown ? '; its output shape could not be inferred' : ''}`,
    });
    return { outputs: out, paramCount: 0, flops: 0, diagnostics };
  },
  buffers: (p) =>
    onnxOpInputs(p)
      .filter((i): i is { buffer: string; shape: number[] } => !!i && 'buffer' in i)
      .map((i) => ({ role: i.buffer, shape: i.shape, init: { kind: 'constant', value: 0 } })),
  lower: ({ b, nodeId, params, inputs: ins, buffers, mode }) => {
    if (mode === 'train') {
      throw new CompileError('ONNX_OP_NOT_TRAINABLE', `Cannot train: node "${nodeId}" is the imported ONNX op ${params.op_type}, which Wiregrad has no gradient for; replace it with layers, or remove it`, nodeId);
    }
    const args: Value[] = [];
    const absent: number[] = [];
    let batch = 1;
    onnxOpInputs(params).forEach((spec, i) => {
      if (!spec) return void absent.push(i);
      if ('port' in spec) {
        const v = ins[spec.port];
        if (!v) return void absent.push(i);
        batch = v.shape[0];
        args.push(v);
      } else if ('buffer' in spec) args.push(buffers[spec.buffer]);
      else args.push(b.constant(spec.ints, spec.dims, 'int64'));
    });
    const types = onnxOpOutputs(params).map((o, i) => ({
      shape: o.shape ?? (i === 0 && SAME_SHAPE_OPS.has(String(params.op_type)) && ins.in0 ? ins.in0.shape.slice(1) : null),
      dtype: o.dtype as DType,
    }));
    const outs = b.op('OnnxOp', args, {
      op_type: String(params.op_type),
      attributes: String(params.attributes ?? '{}'),
      out_types: JSON.stringify(types.map((t) => ({ shape: t.shape ? [batch, ...t.shape] : null, dtype: t.dtype }))),
      absent: JSON.stringify(absent),
    });
    return Object.fromEntries(outs.map((v, i) => [`out${i}`, v]));
  },
};
