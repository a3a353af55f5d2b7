import { onnx } from 'onnx-proto';
import type { DocEdge, DocNode, ParamValue, PortRef } from '../../graph/document';
import { findLayer } from '../../layers/index';
import { normalizeParams } from '../../layers/params';
import type { TensorType } from '../../layers/types';
import { importFail } from './errors';
import type { ImportLimits } from './limits';
import { num, readTensor, type ConstTensor } from './tensor';

/** A data tensor flowing between layers: the layer output it comes from and its per-sample shape. */
export interface TensorValue {
  kind: 'tensor';
  ref: PortRef;
  /** Shape without the batch dimension; null when unknown (after an opaque op). */
  sample: number[] | null;
}

export interface ConstValue {
  kind: 'const';
  t: ConstTensor;
}

/** What an ONNX value name stands for while importing. */
export type ImportValue = TensorValue | ConstValue;

/** One ONNX node as the mapping rules see it. */
export interface OnnxNode {
  /** The node's name, or `<op>_<index>` when the file gives none. */
  name: string;
  op: string;
  /** Value names; '' for an absent optional input. */
  inputs: string[];
  outputs: string[];
  proto: onnx.INodeProto;
}

/** A tensor a mapped layer holds: `<nodeId>.<role>` in the weights. */
export interface LayerWeight {
  shape: number[];
  data: Float32Array;
}

export interface AddLayer {
  type: string;
  params: Record<string, ParamValue>;
  /** Incoming tensors by the layer's input port names. */
  inputs: Record<string, TensorValue>;
  /** Parameters and buffers by role. */
  weights?: Record<string, LayerWeight>;
  /** Where the node id comes from (ONNX node and initializer names). */
  node: OnnxNode;
}

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/**
 * What a mapping rule works with: the values flowing in, the ONNX attributes, and the
 * document being built. A rule either adds layers and binds the node's outputs, or returns
 * false and the node becomes an opaque OnnxOp.
 */
export class MapContext {
  readonly nodes: DocNode[] = [];
  readonly edges: DocEdge[] = [];
  readonly weights = new Map<string, LayerWeight>();
  readonly warnings: string[] = [];
  readonly values = new Map<string, ImportValue>();
  /** Nodes a rule took over (a MatMul's Add, a Pad's pooling): skipped by the main loop. */
  readonly absorbed = new Set<OnnxNode>();
  /** Opaque nodes made, as `id (OpType)`, for the import summary. */
  readonly opaqueOps: string[] = [];
  /** Shapes the file declares for values (value_info, graph outputs): dims, symbolic ones as names. */
  readonly valueInfo = new Map<string, { dims: (number | string)[] | null; dtype: 'float32' | 'int64' }>();
  /** The graph input's batch size when the file fixes it (exported without dynamic axes), else null. */
  fixedBatch: number | null = null;
  private readonly usedIds = new Set<string>();
  private readonly consumerMap = new Map<string, OnnxNode[]>();

  constructor(
    readonly opset: number,
    readonly limits: ImportLimits,
    allNodes: OnnxNode[],
    /** Graph output names: a value that is one must keep being produced. */
    readonly graphOutputs: Set<string>,
  ) {
    for (const n of allNodes) {
      for (const i of n.inputs) {
        if (!i) continue;
        let list = this.consumerMap.get(i);
        if (!list) this.consumerMap.set(i, (list = []));
        if (!list.includes(n)) list.push(n);
      }
    }
  }

  value(name: string): ImportValue | undefined {
    return name ? this.values.get(name) : undefined;
  }

  /** Input i as a data tensor, or null (absent, or a constant). */
  tensorIn(node: OnnxNode, i: number): TensorValue | null {
    const v = this.value(node.inputs[i] ?? '');
    return v?.kind === 'tensor' ? v : null;
  }

  /** Input i as a constant, or null (absent, or a data tensor). */
  constIn(node: OnnxNode, i: number): ConstTensor | null {
    const v = this.value(node.inputs[i] ?? '');
    return v?.kind === 'const' ? v.t : null;
  }

  bind(name: string, v: ImportValue): void {
    if (name) this.values.set(name, v);
  }

  /** The nodes that read this value. */
  consumers(valueName: string): OnnxNode[] {
    return this.consumerMap.get(valueName) ?? [];
  }

  /** The one node reading `valueName`, when exactly one does and the value is not a graph output. */
  soleConsumer(valueName: string): OnnxNode | null {
    const list = this.consumers(valueName);
    return list.length === 1 && !this.graphOutputs.has(valueName) ? list[0] : null;
  }

  absorb(node: OnnxNode): void {
    this.absorbed.add(node);
  }

  hasLayer(type: string): boolean {
    return findLayer(type) !== undefined;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  // --- attributes -------------------------------------------------------------------------
  private attr(node: OnnxNode, name: string): onnx.IAttributeProto | undefined {
    return node.proto.attribute?.find((a) => a.name === name);
  }

  hasAttr(node: OnnxNode, name: string): boolean {
    return this.attr(node, name) !== undefined;
  }

  int(node: OnnxNode, name: string, dflt: number): number {
    const a = this.attr(node, name);
    return a ? num(a.i) : dflt;
  }

  float(node: OnnxNode, name: string, dflt: number): number {
    const a = this.attr(node, name);
    return a ? (a.f ?? 0) : dflt;
  }

  ints(node: OnnxNode, name: string): number[] | null {
    const a = this.attr(node, name);
    return a ? (a.ints ?? []).map(num) : null;
  }

  string(node: OnnxNode, name: string, dflt: string): string {
    const a = this.attr(node, name);
    return a?.s ? new TextDecoder().decode(a.s) : dflt;
  }

  tensorAttr(node: OnnxNode, name: string): ConstTensor | null {
    const a = this.attr(node, name);
    return a?.t ? readTensor(a.t, this.limits) : null;
  }

  /** Every attribute in a readable, typed, re-encodable form (OnnxOp keeps them for export). */
  attributesJson(node: OnnxNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const a of node.proto.attribute ?? []) {
      if (!a.name) continue;
      switch (a.type) {
        case ATTR.FLOAT: out[a.name] = { f: a.f ?? 0 }; break;
        case ATTR.INT: out[a.name] = { i: num(a.i) }; break;
        case ATTR.STRING: out[a.name] = { s: new TextDecoder().decode(a.s ?? new Uint8Array()) }; break;
        case ATTR.FLOATS: out[a.name] = { floats: [...(a.floats ?? [])] }; break;
        case ATTR.INTS: out[a.name] = { ints: (a.ints ?? []).map(num) }; break;
        case ATTR.STRINGS: out[a.name] = { strings: (a.strings ?? []).map((s) => new TextDecoder().decode(s)) }; break;
        default: out[a.name] = { proto: Buffer.from(encodeAttribute(a)).toString('base64') };
      }
    }
    return out;
  }

  // --- building the document ------------------------------------------------------------
  /** A fresh node id that reads like the PyTorch module it came from (`fc1`, `layer1_0_conv1`). */
  newId(node: OnnxNode | null, type: string): string {
    const base = (node && nameHint(node, this, type)) || type.toLowerCase();
    let id = sanitize(base) || 'node';
    if (/^[0-9]/.test(id)) id = `${type.toLowerCase()}_${id}`;
    if (this.usedIds.has(id) || id === 'input' || id === 'loss') {
      let k = 2;
      while (this.usedIds.has(`${id}_${k}`)) k++;
      id = `${id}_${k}`;
    }
    this.usedIds.add(id);
    return id;
  }

  reserveId(id: string): void {
    this.usedIds.add(id);
  }

  /**
   * Adds a layer node if its own shape rule accepts the inputs (so a rule never commits a
   * layer the checker would refuse); returns its per-sample output shapes by port, or null
   * (nothing added) when the layer does not fit.
   */
  addLayer(spec: AddLayer): { id: string; outputs: Record<string, TensorValue> } | null {
    const def = findLayer(spec.type);
    if (!def) return null;
    const inputs: Record<string, TensorType | undefined> = {};
    for (const [port, v] of Object.entries(spec.inputs)) {
      if (!v.sample) return null;
      inputs[port] = { shape: v.sample, dtype: 'float32' };
    }
    const params = normalizeParams(def.params, spec.params);
    const id = `__probe__`;
    const r = def.infer({ nodeId: id, params, inputs, inputEdges: {} });
    if (r.diagnostics.some((d) => d.severity === 'error')) return null;
    const resolved = r.resolvedParams ?? params;
    const declared = [...(def.parameters?.(resolved) ?? []), ...(def.buffers?.(resolved) ?? [])];
    for (const t of declared) {
      const w = spec.weights?.[t.role];
      if (!w) {
        // Tensors the ONNX file does not have (num_batches_tracked) start at their init value.
        if (t.init.kind !== 'constant') return null;
        continue;
      }
      if (w.data.length !== t.shape.reduce((a, b) => a * b, 1)) return null;
    }
    const nodeId = this.newId(spec.node, spec.type);
    this.nodes.push({ id: nodeId, type: spec.type, params: spec.params, position: { x: 0, y: 0 } });
    for (const [port, v] of Object.entries(spec.inputs)) this.connect(v.ref, { node: nodeId, port });
    for (const t of declared) {
      // Tensors the file has no counterpart for (num_batches_tracked) are saved at their init value, so the weights are complete.
      const data = spec.weights?.[t.role]?.data ?? new Float32Array(t.shape.reduce((a, b) => a * b, 1)).fill(t.init.kind === 'constant' ? t.init.value : 0);
      this.weights.set(`${nodeId}.${t.role}`, { shape: t.shape, data });
    }
    const outputs: Record<string, TensorValue> = {};
    for (const p of def.outputs) {
      const o = r.outputs[p.name];
      outputs[p.name] = { kind: 'tensor', ref: { node: nodeId, port: p.name }, sample: o ? [...o.shape] : null };
    }
    return { id: nodeId, outputs };
  }

  /** Adds a node without the shape check (Input, the loss, opaque ops). */
  addRaw(node: DocNode): void {
    this.nodes.push(node);
  }

  connect(from: PortRef, to: PortRef): void {
    this.edges.push({ id: `e${this.edges.length + 1}`, from: { ...from }, to: { ...to } });
  }

  /** Binds the node's first output to a one-output layer's result. */
  mapped(node: OnnxNode, r: { outputs: Record<string, TensorValue> } | null, port = 'out'): boolean {
    if (!r) return false;
    this.bind(node.outputs[0], r.outputs[port]);
    return true;
  }
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
}

/**
 * torch.onnx.export names weights after the module (`fc1.weight`) and nodes after the
 * module path (`/layer1/layer1.0/conv1/Conv`); either gives the canvas node a name the user
 * recognises. Folded weights (`onnx::Conv_123`) say nothing, so the node path is next.
 */
function nameHint(node: OnnxNode, ctx: MapContext, type: string): string {
  const weighted = node.inputs.slice(1).some((i) => ctx.value(i)?.kind === 'const');
  for (const i of node.inputs.slice(1)) {
    const m = /^(.+)\.(weight|bias)$/.exec(i);
    if (m && ctx.value(i)?.kind === 'const' && !m[1].includes('::')) return m[1];
  }
  const path = node.proto.name ?? '';
  if (!path.startsWith('/')) return '';
  const parts = path.split('/').filter(Boolean);
  parts.pop(); // the op type (and index): "Conv", "Relu_1"
  if (!parts.length) return '';
  // torch writes each scope either as the full qualified name (`/features/features.0/features.0.2`)
  // or as the attribute alone (`/layer1/conv1`): either way this is PyTorch's module path.
  const module = parts.reduce((acc, p) => {
    // `p` may repeat a tail of `acc` (`features.1/conv/conv.0`: conv.0 is inside features.1.conv).
    const names = acc ? acc.split('.') : [];
    for (let i = 0; i < names.length; i++) {
      const tail = names.slice(i).join('.');
      if (p === tail || p.startsWith(`${tail}.`)) return [...names.slice(0, i), p].join('.');
    }
    return acc ? `${acc}.${p}` : p;
  }, '');
  // A layer with weights is its module (`layer1/conv1`); a functional op inside a module
  // (`F.relu` in layer1's forward) is named after both (`layer1_relu`).
  const last = module.split('.').pop()!.toLowerCase();
  const kind = [type.toLowerCase(), node.op.toLowerCase()];
  if (weighted || kind.some((k) => last.includes(k) || (last.length >= 3 && k.includes(last)))) return module;
  return `${module}_${type.toLowerCase()}`;
}

function encodeAttribute(a: onnx.IAttributeProto): Uint8Array {
  return onnx.AttributeProto.encode(a).finish();
}

export function requireTensorInput(ctx: MapContext, node: OnnxNode, i: number): TensorValue {
  const v = ctx.tensorIn(node, i);
  if (!v) importFail('IMPORT_BAD_NODE', `node "${node.name}" (${node.op}) needs a data tensor as input ${i + 1}`, node.name);
  return v;
}
