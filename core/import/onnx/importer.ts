import { onnx } from 'onnx-proto';
import { DATASET_KINDS } from '../../data/kinds/index';
import { defaultTraining, DOCUMENT_VERSION, type DatasetSpec, type ProjectDocument } from '../../graph/document';
import type { WeightTensor } from '../../project/weightsFile';
import { layoutDocument } from '../layout';
import { MapContext, type OnnxNode } from './context';
import { decodeModel } from './decode';
import { ImportError, importFail } from './errors';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { mapOpaque, opaqueShapesKnown } from './opaque';
import { probeOpShapes, type OpRunner } from './probe';
import { importRule } from './ops/index';
import { checkDims, num, readTensor, type ConstTensor } from './tensor';

export interface ImportOptions {
  /** The project's name (default: the graph's name). */
  name?: string;
  limits?: ImportLimits;
  /** Skip the ELK layout (fuzzing, where positions do not matter). */
  layout?: boolean;
  /**
   * Runs one-node models (core/runtime/opProbe.ts: ONNX Runtime), so opaque ops whose output
   * shape ONNX's simple rules do not give (Resize, TopK, reductions) get it from a probe run.
   */
  runOp?: OpRunner;
}

export interface ImportResult {
  doc: ProjectDocument;
  /** Parameters and buffers by `<nodeId>.<role>`: the project weights file's contents. */
  weights: Map<string, WeightTensor>;
  warnings: string[];
  /** Nodes kept as opaque OnnxOp, as `id (OpType)`. */
  opaque: string[];
  opset: number;
}

const ELEM = onnx.TensorProto.DataType;

/**
 * An ONNX model → a Wiregrad project: an Input node from the graph input, layer nodes from
 * the import rules (./ops), opaque OnnxOp nodes for the rest, a CrossEntropyLoss on a
 * classification output so the model trains, ELK positions, and the weights by
 * state_dict name. Every refusal is an ImportError with a code and one plain sentence.
 */
export async function importOnnx(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  try {
    return await importUnchecked(bytes, opts);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // A rule meeting a file its author did not foresee: still one clear line, never a crash.
    const msg = e instanceof RangeError && /call stack/i.test(e.message) ? 'the graph is nested too deeply' : (e as Error)?.message?.split('\n')[0] ?? String(e);
    throw new ImportError('IMPORT_FAILED', `the model could not be imported: ${msg}`);
  }
}

async function importUnchecked(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const { graph, opset, warnings } = decodeModel(bytes, limits);

  const initializers = new Map<string, ConstTensor>();
  let totalElements = 0;
  for (const t of graph.initializer ?? []) {
    const c = readTensor(t, limits);
    totalElements += c.data.length;
    if (totalElements > limits.maxElements) importFail('IMPORT_HUGE_DIMS', `the model's weights hold more than ${limits.maxElements} values, more than an import accepts`);
    if (!t.name) importFail('IMPORT_BAD_TENSOR', 'an initializer has no name');
    initializers.set(t.name, c);
  }
  if ((graph.sparseInitializer ?? []).length) importFail('IMPORT_UNSUPPORTED', 'the model has sparse initializers, which the importer does not read');

  const dataInputs = (graph.input ?? []).filter((i) => i.name && !initializers.has(i.name));
  if (!dataInputs.length) importFail('IMPORT_NO_INPUT', 'the graph has no input (every input is a weight)');
  if (dataInputs.length > 1) importFail('IMPORT_MULTIPLE_INPUTS', `the graph has ${dataInputs.length} inputs (${dataInputs.map((i) => i.name).join(', ')}); a Wiregrad model has one Input`);
  const input = dataInputs[0];
  const { sample, batch } = inputShape(input, limits);

  const nodes: OnnxNode[] = (graph.node ?? []).map((n, i) => ({
    name: n.name || `${n.opType || 'node'}_${i}`,
    op: n.opType ?? '',
    inputs: [...(n.input ?? [])],
    outputs: [...(n.output ?? [])],
    proto: n,
  }));
  const ordered = topoOrder(nodes, new Set([...initializers.keys(), input.name!]));

  const outputs = (graph.output ?? []).map((o) => o.name ?? '').filter(Boolean);
  if (!outputs.length) importFail('IMPORT_NO_OUTPUT', 'the graph has no output');
  const ctx = new MapContext(opset, limits, nodes, new Set(outputs));
  ctx.fixedBatch = batch;
  for (const vi of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    if (vi.name) ctx.valueInfo.set(vi.name, declaredType(vi));
  }
  ctx.warnings.push(...warnings);
  ctx.reserveId('input');
  ctx.reserveId('loss');
  ctx.addRaw({ id: 'input', type: 'Input', params: { shape: sample }, position: { x: 0, y: 0 } });
  for (const [name, t] of initializers) ctx.bind(name, { kind: 'const', t });
  ctx.bind(input.name!, { kind: 'tensor', ref: { node: 'input', port: 'x' }, sample });

  for (const node of ordered) {
    if (ctx.absorbed.has(node)) continue;
    if (!node.op) importFail('IMPORT_BAD_NODE', `node "${node.name}" has no op type`, node.name);
    const rule = importRule(node.op);
    const present = node.inputs.filter(Boolean);
    const consts = node.inputs.map((i, k) => (i ? ctx.constIn(node, k) : null));
    if (rule?.fold && present.every((i) => ctx.value(i)?.kind === 'const')) {
      const folded = rule.fold(node, consts, ctx);
      if (folded) {
        folded.forEach((t, i) => ctx.bind(node.outputs[i], { kind: 'const', t }));
        continue;
      }
    }
    if (rule?.map?.(node, ctx)) continue;
    const probed = opts.runOp && !opaqueShapesKnown(node, ctx) ? await probeOpShapes(node, ctx, opts.runOp) : null;
    mapOpaque(node, ctx, probed ? { outputs: probed } : {});
  }

  const out = ctx.value(outputs[0]);
  if (!out) importFail('IMPORT_NO_OUTPUT', `the graph output "${outputs[0]}" is not produced by any node`);
  if (out.kind !== 'tensor') importFail('IMPORT_CONSTANT_OUTPUT', `the graph output "${outputs[0]}" does not depend on the input`);
  if (outputs.length > 1) ctx.warn(`the graph has ${outputs.length} outputs; only the first ("${outputs[0]}") is the model's output (the loss and the export use it)`);
  if (out.ref.node === 'input') importFail('IMPORT_NO_LAYERS', 'the graph output is its input: there is no layer to import');
  if (out.sample?.length === 1) {
    ctx.addRaw({ id: 'loss', type: 'CrossEntropyLoss', params: {}, position: { x: 0, y: 0 } });
    ctx.connect(out.ref, { node: 'loss', port: 'input' });
    ctx.connect({ node: 'input', port: 'y' }, { node: 'loss', port: 'target' });
    const producer = ctx.nodes.find((n) => n.id === out.ref.node);
    if (producer?.type === 'Softmax') ctx.warn('the model ends in Softmax, and CrossEntropyLoss expects scores (logits): remove the Softmax before training');
  } else if (out.sample) {
    // Not class scores: MSELoss against float targets of the output's shape keeps the project checkable and exportable.
    ctx.addRaw({ id: 'loss', type: 'MSELoss', params: {}, position: { x: 0, y: 0 } });
    ctx.connect(out.ref, { node: 'loss', port: 'input' });
    ctx.connect({ node: 'input', port: 'y' }, { node: 'loss', port: 'target' });
    ctx.nodes[0].params.target_shape = [...out.sample];
    ctx.warn(`the model's output is ${out.sample.join('×')} per sample, not class scores: an MSELoss against targets of that shape was added; change it to fit the task`);
  } else {
    ctx.warn("the model's output shape could not be inferred, so no loss was added: add one to train it");
  }

  const training = defaultTraining();
  // A dataset whose samples fit the Input (MNIST for 1×28×28, CIFAR-10 for 3×32×32); else random
  // data of the Input's shape, so the project checks clean and a smoke run works before the
  // user picks their own data.
  const kind = DATASET_KINDS.find((k) => k.sampleShape && k.sampleShape.join() === sample.join());
  if (kind) training.dataset = kind.create() as DatasetSpec;
  else {
    const classes = out.sample?.length === 1 ? out.sample[0] : 10;
    training.dataset = { kind: 'random', samples: 1024, classes } as DatasetSpec;
    ctx.warn(`no built-in dataset has ${sample.join('×')} samples, so the project trains on random data until you choose yours (Training ▸ Dataset)`);
  }
  const doc: ProjectDocument = {
    version: DOCUMENT_VERSION,
    name: opts.name ?? (graph.name || 'Imported model'),
    nodes: ctx.nodes,
    edges: ctx.edges,
    training,
  };
  if (opts.layout !== false) {
    const positions = await layoutDocument(doc);
    for (const n of doc.nodes) n.position = positions[n.id] ?? n.position;
  }
  const weights = new Map<string, WeightTensor>([...ctx.weights].map(([k, w]) => [k, { shape: w.shape, data: w.data }]));
  return { doc, weights, warnings: ctx.warnings, opaque: ctx.opaqueOps, opset };
}

/** Per-sample shape of the graph input (its first dimension is the batch) and the batch size if fixed. */
function inputShape(input: onnx.IValueInfoProto, limits: ImportLimits): { sample: number[]; batch: number | null } {
  const t = input.type?.tensorType;
  if (!t) importFail('IMPORT_INPUT_TYPE', `the graph input "${input.name}" is not a tensor`);
  if (t.elemType !== ELEM.FLOAT) importFail('IMPORT_INPUT_TYPE', `the graph input "${input.name}" is ${onnx.TensorProto.DataType[t.elemType ?? 0] ?? t.elemType}; Wiregrad models take float32 input`);
  const dims = t.shape?.dim ?? [];
  if (dims.length < 2) importFail('IMPORT_INPUT_SHAPE', `the graph input "${input.name}" has ${dims.length} dimension(s); it needs a batch dimension and at least one more`);
  const sample = dims.slice(1).map((d, i) => {
    const v = d.dimValue !== undefined && d.dimValue !== null ? num(d.dimValue) : NaN;
    if (!Number.isSafeInteger(v) || v <= 0) {
      importFail('IMPORT_INPUT_SHAPE', `the graph input "${input.name}" has a ${d.dimParam ? `symbolic ("${d.dimParam}")` : 'missing'} size on axis ${i + 1}; only the batch dimension may vary: export with a fixed sample shape`);
    }
    return v;
  });
  checkDims(sample, `the graph input "${input.name}"`, limits);
  const b0 = dims[0].dimValue !== undefined && dims[0].dimValue !== null ? num(dims[0].dimValue) : null;
  return { sample, batch: b0 && b0 > 0 ? b0 : null };
}

function declaredType(vi: onnx.IValueInfoProto): { dims: (number | string)[] | null; dtype: 'float32' | 'int64' } {
  const t = vi.type?.tensorType;
  const dims = t?.shape?.dim ? t.shape.dim.map((d) => (d.dimParam ? d.dimParam : num(d.dimValue ?? 0))) : null;
  const int = t?.elemType === ELEM.INT64 || t?.elemType === ELEM.INT32 || t?.elemType === ELEM.BOOL;
  return { dims, dtype: int ? 'int64' : 'float32' };
}

/**
 * Nodes in dependency order (Kahn's algorithm, stable in file order). ONNX requires files to
 * be sorted already, but hostile ones are not: a value read before any node makes it, made
 * twice, or a cycle, is refused by name.
 */
function topoOrder(nodes: OnnxNode[], available: Set<string>): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of nodes) {
    if (!n.outputs.length) importFail('IMPORT_BAD_NODE', `node "${n.name}" (${n.op}) has no output`, n.name);
    for (const o of n.outputs) {
      if (!o) continue;
      if (producer.has(o) || available.has(o)) importFail('IMPORT_DUPLICATE_VALUE', `the value "${o}" is produced twice (by node "${n.name}" and ${producer.get(o) ? `node "${producer.get(o)!.name}"` : 'a graph input or initializer'})`, n.name);
      producer.set(o, n);
    }
  }
  const waiting = new Map<OnnxNode, number>();
  const readers = new Map<OnnxNode, OnnxNode[]>();
  for (const n of nodes) {
    const deps = new Set<OnnxNode>();
    for (const i of n.inputs) {
      if (!i || available.has(i)) continue;
      const p = producer.get(i);
      if (!p) importFail('IMPORT_UNKNOWN_VALUE', `node "${n.name}" (${n.op}) reads "${i}", which no node, input or initializer produces`, n.name);
      if (p === n) importFail('IMPORT_CYCLE', `node "${n.name}" (${n.op}) reads its own output "${i}": the graph has a cycle`, n.name);
      deps.add(p);
    }
    waiting.set(n, deps.size);
    for (const d of deps) {
      let list = readers.get(d);
      if (!list) readers.set(d, (list = []));
      list.push(n);
    }
  }
  const order: OnnxNode[] = nodes.filter((n) => waiting.get(n) === 0);
  for (let k = 0; k < order.length; k++) {
    for (const r of readers.get(order[k]) ?? []) {
      const left = waiting.get(r)! - 1;
      waiting.set(r, left);
      if (left === 0) order.push(r);
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.find((n) => waiting.get(n)! > 0)!;
    importFail('IMPORT_CYCLE', `the graph has a cycle through node "${stuck.name}" (${stuck.op}); data must flow one way from the input to the outputs`, stuck.name);
  }
  return order;
}
