import { onnx } from 'onnx-proto';
import { CompileError } from '../../ir/errors';
import type { DType } from '../../ir/ir';
import type { PrimitiveOp } from '../types';

/**
 * An ONNX node kept as the imported file had it (an op no layer maps to): emitted with its
 * own op type and attributes, its output types taken from the importer's shape inference.
 * No gradient rule: models holding one are viewed and exported, not trained.
 *
 * attrs: op_type; attributes (JSON, see attributesFromJson); out_types (JSON list of
 * {shape, dtype}, batch-inclusive); absent (JSON list of input positions left empty).
 */
export const OnnxOp: PrimitiveOp = {
  name: 'OnnxOp',
  nonDifferentiable: true,
  infer: (_inputs, attrs) => {
    const types = JSON.parse(String(attrs.out_types ?? '[]')) as { shape: number[] | null; dtype: DType }[];
    return types.map((t, i) => {
      if (!t.shape) throw new CompileError('ONNX_OP_SHAPE', `the output ${i + 1} of the ONNX op ${attrs.op_type} has a shape Wiregrad could not infer`);
      return { shape: t.shape, dtype: t.dtype };
    });
  },
  emit: (node, ctx) => {
    const absent = new Set(JSON.parse(String(node.attrs.absent ?? '[]')) as number[]);
    const names: string[] = [];
    let k = 0;
    const total = node.inputs.length + absent.size;
    for (let i = 0; i < total; i++) names.push(absent.has(i) ? '' : ctx.name(node.inputs[k++]));
    ctx.rawNode(String(node.attrs.op_type), names, node.outputs.map(ctx.name), attributesFromJson(String(node.attrs.attributes ?? '{}')), node);
  },
};

/** Typed attribute JSON (`{"alpha": {"f": 0.2}, "pads": {"ints": [1, 1]}}`) → AttributeProtos. */
export function attributesFromJson(text: string): onnx.IAttributeProto[] {
  const T = onnx.AttributeProto.AttributeType;
  const enc = new TextEncoder();
  const out: onnx.IAttributeProto[] = [];
  for (const [name, v] of Object.entries(JSON.parse(text) as Record<string, Record<string, unknown>>)) {
    if ('f' in v) out.push({ name, type: T.FLOAT, f: v.f as number });
    else if ('i' in v) out.push({ name, type: T.INT, i: v.i as number });
    else if ('s' in v) out.push({ name, type: T.STRING, s: enc.encode(v.s as string) });
    else if ('floats' in v) out.push({ name, type: T.FLOATS, floats: v.floats as number[] });
    else if ('ints' in v) out.push({ name, type: T.INTS, ints: v.ints as number[] });
    else if ('strings' in v) out.push({ name, type: T.STRINGS, strings: (v.strings as string[]).map((s) => enc.encode(s)) });
    else if ('proto' in v) out.push({ ...onnx.AttributeProto.decode(Buffer.from(v.proto as string, 'base64')), name });
  }
  return out;
}
