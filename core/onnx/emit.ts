import { onnx } from 'onnx-proto';
import { eliminateDeadCode } from '../ir/dce';
import type { Attrs, DType, IrNode, Program, Value } from '../ir/ir';
import { valueName } from '../ir/ir';
import { getOp } from '../ops/index';
import { fuseShortcutInputGrads } from './fuseShortcutGrads';
import type { EmitContext } from './emitContext';

export const DEFAULT_OPSET = 17;

const ELEM_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** ONNX attributes that are floats; every other number is an int. */
const FLOAT_ATTRS = new Set(['alpha', 'beta', 'epsilon', 'value', 'momentum']);

/** See addConst in buildGraph. */
const MAX_CONST_USES = 64;

export interface EmitOptions {
  /** Prefix for every name in the graph (subgraphs must not reuse outer-scope names). */
  prefix?: string;
  /** Graph inputs to turn into initializers with these contents (exported weights). */
  initializers?: Map<number, Float32Array>;
  /** Name of the symbolic leading (batch) dimension on graph inputs and outputs, e.g. "N". */
  symbolicBatch?: string;
  opset?: number;
  docString?: string;
  /**
   * Speed choices for training graphs (emitter options, not a lowering mode): e.g. MaxPool
   * through SpaceToDepth instead of ORT's slow MaxPool kernel. Exports leave it off and get
   * the plain standard ops.
   */
  fastKernels?: boolean;
  /**
   * List the nodes last-first, for graphs only ONNX Runtime will run (never for exported
   * files: ONNX asks for topologically sorted nodes; ONNX Runtime sorts them itself). ORT
   * orders nodes by a reverse depth-first walk from the outputs that visits the input with
   * the highest node index first. On our first-to-last list that walk defers every weight
   * gradient of a training step to the end (all backward gradients stay alive, ~1.4x the
   * planned memory of a 1,000-layer chain, and the session took 3.0 s to build instead of
   * 2.0 s); on the reversed list the walk reproduces our order, layer by layer. (What made
   * session creation quadratic was ORT's topological sort, whose ready queue is a sorted
   * list: see the Split tree in core/compile/programs.ts.) Top-level graphs only: ORT checks
   * that a Loop body's nodes are sorted.
   */
  ortOrder?: boolean;
  /**
   * Block size of ONNX Runtime's blocked (NCHWc) CPU conv kernels to emit Conv and its input
   * gradient with (ORT contrib ops, core/ops/nchwcConv.ts); 0 or absent: standard ops only.
   * Only for sessions on ORT's CPU provider, never for exports or other providers.
   */
  nchwc?: number;
  /**
   * The model runs on ORT's CPU provider: training graphs may use ops whose behaviour was
   * checked on that provider only (BatchNormalization's training mode, see
   * core/ops/prims/BatchNormTrain.ts). Never for exports or other providers.
   */
  cpuProvider?: boolean;
}

/** The kernel choices a training-step session makes for its provider (createStepSession in core/runtime/session.ts). */
export type StepKernels = Pick<EmitOptions, 'nchwc' | 'cpuProvider'>;

/** IR program → serialised ONNX ModelProto (standard ops only, default opset 17). */
export function emitModel(input: Program, options: EmitOptions = {}): Uint8Array {
  return onnx.ModelProto.encode(buildModel(input, options)).finish();
}

export function buildModel(input: Program, options: EmitOptions = {}): onnx.ModelProto {
  return modelProto(buildGraph(input, options), options);
}

export function modelProto(graph: onnx.IGraphProto, options: EmitOptions = {}): onnx.ModelProto {
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'wiregrad',
    producerVersion: '0.1.0',
    docString: options.docString ?? '',
    opsetImport: [{ domain: '', version: options.opset ?? DEFAULT_OPSET }, ...[...contribDomains(graph)].map((domain) => ({ domain, version: 1 }))],
    graph,
  });
}

/** Non-standard op domains used in a graph and its subgraphs (Loop bodies). */
function contribDomains(graph: onnx.IGraphProto, into = new Set<string>()): Set<string> {
  for (const n of graph.node ?? []) {
    if (n.domain) into.add(n.domain);
    for (const a of n.attribute ?? []) if (a.g) contribDomains(a.g, into);
  }
  return into;
}

/** IR program → GraphProto (also used for Loop bodies, with a name prefix). */
export function buildGraph(input: Program, options: EmitOptions = {}): onnx.IGraphProto {
  const live = eliminateDeadCode(input);
  // WIREGRAD_FUSE_SHORTCUT=0 keeps the two ConvTransposes and the Add (measurements).
  const program = options.nchwc && process.env.WIREGRAD_FUSE_SHORTCUT !== '0' ? fuseShortcutInputGrads(live, options.nchwc) : live;
  const prefix = options.prefix ?? '';
  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  const constCache = new Map<string, string>();
  const renamed = new Map<number, string>();
  const inputIds = new Set(program.inputs.map((v) => v.id));
  // Name the value that produces each graph output after the output, so no copy is needed.
  const outputNames = new Map<number, string>();
  for (const o of program.outputs) {
    if (!inputIds.has(o.value.id) && !outputNames.has(o.value.id)) outputNames.set(o.value.id, o.name);
  }
  const nameOf = (v: Value) => renamed.get(v.id) ?? prefix + (outputNames.get(v.id) ?? valueName(v));
  let temp = 0;
  const usedNames = new Set<string>();

  // Constants are shared by content, but each copy feeds at most MAX_CONST_USES nodes: ONNX
  // Runtime's session setup is quadratic in the consumers of one value (a 1,000-layer chain
  // had constants with 1,500 consumers each), so a popular constant gets fresh copies.
  const constUses = new Map<string, number>();
  let constCount = 0;
  let scratchCount = 0;
  const addConst = (dtype: DType, values: number[], dims: number[]): string => {
    const key = `${dtype}|${dims.join(',')}|${values.join(',')}`;
    const hit = constCache.get(key);
    const uses = (constUses.get(key) ?? 0) + 1;
    constUses.set(key, uses);
    if (hit && uses % MAX_CONST_USES !== 0) return hit;
    const name = `${prefix}const_${constCount++}`;
    constCache.set(key, name);
    initializers.push(tensorProto(name, dtype, dims, values));
    return name;
  };

  // The same layout conversion of the same tensor is emitted once: convs that read one input
  // (ResNet's strided conv and its 1×1 shortcut) each reorder it, forward and for their weight
  // gradients; later copies become aliases of the first (ORT's own CSE left them, and graphs
  // over 4,000 nodes run without its optimizer).
  const graphOutputNames = new Set(program.outputs.map((o) => prefix + o.name));
  const layoutNodes = new Map<string, string>();
  const alias = new Map<string, string>();

  const ctx: EmitContext = {
    fastKernels: !!options.fastKernels,
    nchwc: options.nchwc ?? 0,
    cpuProvider: !!options.cpuProvider,
    name: nameOf,
    int64: (values, dims = [values.length]) => addConst('int64', values, dims),
    float: (values, dims) => addConst('float32', values, dims),
    scratch: (dims) => {
      const n = scratchCount++;
      const name = `${prefix}scratch_${n}`;
      initializers.push(tensorProto(name, 'float32', dims, new Array(dims.reduce((a, d) => a * d, 1)).fill(n)));
      return name;
    },
    temp: (hint) => `${prefix}${hint}_t${temp++}`,
    node: (opType, ins, outs, attrs, irNode, domain) => ctx.rawNode(opType, ins, outs, attributes(attrs), irNode, domain),
    rawNode: (opType, rawIns, outs, attribute, irNode, domain) => {
      const ins = rawIns.map((n) => alias.get(n) ?? n);
      const key = LAYOUT_OPS.has(opType) && outs.length === 1 && !graphOutputNames.has(outs[0]) ? `${domain ?? ''}|${opType}|${ins.join(',')}|${JSON.stringify(attribute)}` : undefined;
      const earlier = key === undefined ? undefined : layoutNodes.get(key);
      if (earlier !== undefined) {
        alias.set(outs[0], earlier);
        return;
      }
      if (key !== undefined) layoutNodes.set(key, outs[0]);
      const k = nodes.length;
      // Multi-node emissions reuse the IR node's name; later ones get their index appended.
      const name = usedNames.has(irNode.name) ? `${irNode.name}.${k}` : irNode.name;
      usedNames.add(name);
      nodes.push({ opType, input: ins, output: outs, name, attribute, ...(domain ? { domain } : {}) });
    },
  };

  for (const node of program.nodes) {
    if (node.op === 'Constant') {
      renamed.set(node.outputs[0].id, addConst(node.outputs[0].dtype, node.attrs.data as number[], node.attrs.dims as number[]));
      continue;
    }
    const def = getOp(node.op);
    if (def.emit) def.emit(node, ctx);
    else ctx.node(node.op, node.inputs.map(nameOf), node.outputs.map(nameOf), node.attrs, node);
  }

  // Outputs that are graph inputs, constants or repeated need an explicit copy.
  for (const o of program.outputs) {
    const from = alias.get(nameOf(o.value)) ?? nameOf(o.value);
    if (from !== prefix + o.name) nodes.push({ opType: 'Identity', input: [from], output: [prefix + o.name], name: `${prefix}output/${o.name}` });
  }

  const graphInputs: onnx.IValueInfoProto[] = [];
  for (const v of program.inputs) {
    const data = options.initializers?.get(v.id);
    if (data) initializers.push(floatTensor(prefix + valueName(v), v.shape, data));
    else graphInputs.push(valueInfo(prefix + valueName(v), v, options.symbolicBatch));
  }
  return {
    name: prefix ? `${prefix}graph` : 'wiregrad',
    node: options.ortOrder ? [...nodes].reverse() : nodes,
    initializer: initializers,
    input: graphInputs,
    output: program.outputs.map((o) => valueInfo(prefix + o.name, o.value, o.value.shape.length ? options.symbolicBatch : undefined)),
  };
}

/** Pure data-movement ops that are deduplicated (see buildGraph). */
const LAYOUT_OPS = new Set(['Transpose', 'ReorderInput', 'Pad', 'Slice']);

function attributes(attrs: Attrs): onnx.IAttributeProto[] {
  const T = onnx.AttributeProto.AttributeType;
  return Object.entries(attrs).map(([name, v]) => {
    if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
    if (typeof v === 'boolean') return { name, type: T.INT, i: v ? 1 : 0 };
    if (Array.isArray(v)) return FLOAT_ATTRS.has(name) ? { name, type: T.FLOATS, floats: v } : { name, type: T.INTS, ints: v };
    return FLOAT_ATTRS.has(name) ? { name, type: T.FLOAT, f: v } : { name, type: T.INT, i: v };
  });
}

export function valueInfo(name: string, v: Value, symbolicBatch?: string): onnx.IValueInfoProto {
  const dim = v.shape.map((d, i) => (i === 0 && symbolicBatch ? { dimParam: symbolicBatch } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: ELEM_TYPE[v.dtype], shape: { dim } } } };
}

export function tensorProto(name: string, dtype: DType, dims: number[], values: number[]): onnx.ITensorProto {
  if (dtype === 'float32') return floatTensor(name, dims, Float32Array.from(values));
  if (dtype === 'int64') {
    const arr = BigInt64Array.from(values.map((x) => BigInt(Math.trunc(x))));
    return { name, dataType: ELEM_TYPE.int64, dims, rawData: new Uint8Array(arr.buffer) };
  }
  return { name, dataType: ELEM_TYPE.bool, dims, rawData: Uint8Array.from(values.map((x) => (x ? 1 : 0))) };
}

function floatTensor(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  const copy = new Float32Array(data); // raw_data must be little-endian bytes of exactly this tensor
  return { name, dataType: ELEM_TYPE.float32, dims, rawData: new Uint8Array(copy.buffer) };
}

export type { IrNode };
