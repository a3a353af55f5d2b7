import type { ParamValue } from '../../graph/document';
import { ONNX_OP_INPUTS, ONNX_OP_OUTPUTS, SAME_SHAPE_OPS, type OnnxOpInput, type OnnxOpOutput } from '../../layers/OnnxOp';
import type { MapContext, OnnxNode, TensorValue } from './context';
import { importFail } from './errors';
import { broadcastShape } from './ops/foldUtil';
import { asFloat, BATCH, type ConstTensor } from './tensor';

/** Elementwise ops with numpy broadcasting: the output shape is the inputs' broadcast. */
const BROADCAST_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Mean', 'Sum', 'Where', 'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor', 'Mod', 'PRelu', 'BitShift']);
/** Integer constants up to this many elements are kept in the node's params; larger ones are refused. */
const MAX_INLINE_INTS = 4096;

export interface OpaqueOptions {
  /** Replacement integer inputs by position (a Reshape's shape with the batch entry made 0). */
  ints?: Record<number, number[]>;
  /** Per-sample output shapes a rule computed. */
  outputs?: (number[] | null)[];
}

/**
 * The node as an OnnxOp layer: data inputs wired to its ports in order, float constants kept
 * as its buffers (saved with the weights, written back as initializers), small integer
 * constants in its params; output shapes from the rule, ONNX's simple rules (elementwise)
 * or the file's value_info, else unknown.
 */
export function mapOpaque(node: OnnxNode, ctx: MapContext, opts: OpaqueOptions = {}): true {
  const specs: OnnxOpInput[] = [];
  const ports: Record<string, TensorValue> = {};
  const buffers: Record<string, { shape: number[]; data: Float32Array }> = {};
  const fullShapes: (number[] | null)[] = [];
  let tensors = 0;
  node.inputs.forEach((name, i) => {
    if (!name) {
      specs.push(null);
      fullShapes.push(null);
      return;
    }
    const v = ctx.value(name);
    if (!v) importFail('IMPORT_UNKNOWN_VALUE', `node "${node.name}" (${node.op}) reads "${name}", which nothing produces`, node.name);
    if (opts.ints?.[i]) {
      specs.push({ ints: opts.ints[i], dims: [opts.ints[i].length] });
      fullShapes.push([opts.ints[i].length]);
      return;
    }
    if (v.kind === 'tensor') {
      if (tensors >= ONNX_OP_INPUTS) importFail('IMPORT_UNSUPPORTED', `node "${node.name}" (${node.op}) has more than ${ONNX_OP_INPUTS} data inputs`, node.name);
      const port = `in${tensors++}`;
      ports[port] = v;
      specs.push({ port });
      fullShapes.push(v.sample ? [1, ...v.sample] : null);
      return;
    }
    specs.push(constantInput(node, i, v.t, ctx, buffers));
    fullShapes.push(v.t.dims);
  });
  if (node.outputs.length > ONNX_OP_OUTPUTS) importFail('IMPORT_UNSUPPORTED', `node "${node.name}" (${node.op}) has ${node.outputs.length} outputs; an imported op may have at most ${ONNX_OP_OUTPUTS}`, node.name);
  const firstTensor = Object.values(ports)[0];
  const outputs: OnnxOpOutput[] = node.outputs.map((name, i) => {
    const info = ctx.valueInfo.get(name);
    const dtype = info?.dtype ?? 'float32';
    let shape = opts.outputs?.[i] ?? null;
    if (!shape && i === 0 && SAME_SHAPE_OPS.has(node.op) && firstTensor?.sample) shape = [...firstTensor.sample];
    if (!shape && i === 0 && BROADCAST_OPS.has(node.op) && fullShapes.every((s) => s)) {
      const b = fullShapes.reduce<number[] | null>((acc, s) => (acc ? broadcastShape(acc, s!) : null), []);
      if (b && b.length >= 1) shape = b.slice(1);
    }
    if (!shape && info?.dims && info.dims.length >= 1 && info.dims.slice(1).every((d) => typeof d === 'number' && d > 0)) shape = info.dims.slice(1) as number[];
    return { shape, dtype };
  });
  const id = ctx.newId(node, node.op);
  const params: Record<string, ParamValue> = {
    op_type: node.op,
    attributes: JSON.stringify(ctx.attributesJson(node)),
    inputs: JSON.stringify(specs),
    outputs: JSON.stringify(outputs),
  };
  ctx.addRaw({ id, type: 'OnnxOp', params, position: { x: 0, y: 0 }, label: node.op });
  for (const [port, v] of Object.entries(ports)) ctx.connect(v.ref, { node: id, port });
  for (const [role, w] of Object.entries(buffers)) ctx.weights.set(`${id}.${role}`, w);
  node.outputs.forEach((name, i) => ctx.bind(name, { kind: 'tensor', ref: { node: id, port: `out${i}` }, sample: outputs[i].shape }));
  ctx.opaqueOps.push(`${id} (${node.op})`);
  return true;
}

/** Whether mapOpaque's own rules (elementwise, broadcasting, declared value_info) give every output's shape. */
export function opaqueShapesKnown(node: OnnxNode, ctx: MapContext): boolean {
  if (SAME_SHAPE_OPS.has(node.op) || BROADCAST_OPS.has(node.op)) return true;
  return node.outputs.every((name) => {
    const dims = ctx.valueInfo.get(name)?.dims;
    return !!dims && dims.length >= 1 && dims.slice(1).every((d) => typeof d === 'number' && d > 0);
  });
}

function constantInput(node: OnnxNode, i: number, t: ConstTensor, ctx: MapContext, buffers: Record<string, { shape: number[]; data: Float32Array }>): OnnxOpInput {
  if (t.dtype === 'float32') {
    const role = `input${i}`;
    buffers[role] = { shape: t.dims, data: asFloat(t)! };
    return { buffer: role, shape: t.dims };
  }
  if (t.data.length > MAX_INLINE_INTS) importFail('IMPORT_UNSUPPORTED', `node "${node.name}" (${node.op}) has an integer constant of ${t.data.length} values as input ${i + 1}; at most ${MAX_INLINE_INTS} are supported`, node.name);
  let symbolic = false;
  const data = t.data.map((v) => {
    if (v !== BATCH) return v;
    symbolic = true;
    return ctx.fixedBatch ?? 1;
  });
  if (symbolic) ctx.warn(`node "${node.name}" (${node.op}) uses the batch size as a value; it is written as ${ctx.fixedBatch ?? 1}, so the export runs at that batch size only`);
  return { ints: data, dims: t.dims };
}
