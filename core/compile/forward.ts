import type { CheckResult } from '../check/types';
import type { DocEdge, ProjectDocument } from '../graph/document';
import { topology, type Topology } from '../graph/topology';
import type { Builder } from '../ir/builder';
import { CompileError } from '../ir/errors';
import type { Value } from '../ir/ir';
import { getLayer } from '../layers/index';
import { inputPorts } from '../layers/ports';
import type { LoweringMode } from '../layers/types';
import type { TensorLayout, TensorSlot } from './paramLayout';
import { swapReluMaxPool } from './passes/reluPoolSwap';
import { saltOf, uniformNoise } from './random';

export interface ForwardOutputs {
  /** The value feeding the loss's `input` port (logits for classification). */
  logits: Value;
  loss?: Value;
  correct?: Value;
  prediction?: Value;
  /** Next value of each buffer a layer updated (train mode), by slot name. */
  bufferNext: Map<string, Value>;
}

/** How the program binds what layers read: data, parameters, buffers and randomness. */
export interface ForwardBindings {
  x: Value;
  y?: Value;
  weight(slot: TensorSlot): Value;
  buffer(slot: TensorSlot): Value;
  /** The run's rng seed and the step counter; only asked for when a layer draws noise. */
  randomness?(): { seed: Value; step: Value; offset?: Value };
}

export interface LoweringOptions {
  withLoss: boolean;
  mode: LoweringMode;
}

/**
 * Lowers the layers that lead to the output (in topological order, each inside scope
 * `<nodeId>.fwd`) to primitives, then runs the IR passes. Layers that lead nowhere — the
 * checker warns about them — are not lowered at all, so an unconnected ReLU cannot break
 * training or export.
 */
export function lowerForward(
  b: Builder,
  document: ProjectDocument,
  checked: CheckResult,
  layouts: { params: TensorLayout; buffers: TensorLayout },
  bind: ForwardBindings,
  options: LoweringOptions,
): ForwardOutputs {
  // Blocks are inlined first (the checker did it): layers lower in scopes named by path, `res1/conv1.fwd`.
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const { doc, check } = checked.flat ?? { doc: document, check: checked };
  const flatErrors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || flatErrors.length) {
    const e = errors[0] ?? flatErrors[0];
    throw new CompileError(e.code, `Cannot compile: ${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`, e.nodeId);
  }
  const lossId = check.lossNodes[0];
  if (options.withLoss && !lossId) throw new CompileError('GRAPH_NO_LOSS', 'The model has no loss');
  const topo = topology(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const lossInput = lossId ? topo.incoming.get(lossId)?.get('input')?.[0] : undefined;
  const outputNode = options.withLoss ? lossId : (lossInput?.from.node ?? lastLayer(doc, check, topo));
  if (!outputNode) throw new CompileError('GRAPH_NO_OUTPUT', 'The model produces no output');
  const live = feeding(outputNode, topo);

  const values = new Map<string, Value>(); // `${node}:${port}` → value
  const bufferNext = new Map<string, Value>();
  const paramSlots = groupByNode(layouts.params);
  const bufferSlotsByNode = groupByNode(layouts.buffers);
  let loss: Pick<ForwardOutputs, 'loss' | 'correct' | 'prediction' | 'logits'> | null = null;
  const forwardStart = b.nodes.length;

  for (const id of check.order) {
    if (!live.has(id)) continue;
    const node = byId.get(id)!;
    const def = getLayer(node.type);
    const inputs: Record<string, Value | undefined> = {};
    for (const port of inputPorts(def, check.nodes[id].params)) {
      const edge = topo.incoming.get(id)!.get(port.name)?.[0];
      if (edge) inputs[port.name] = values.get(`${edge.from.node}:${edge.from.port}`);
    }
    if (def.category === 'input') {
      inputs.x = bind.x;
      inputs.y = bind.y;
    }
    const weights: Record<string, Value> = {};
    for (const slot of paramSlots.get(id) ?? []) weights[slot.role] = bind.weight(slot);
    const buffers: Record<string, Value> = {};
    const bufferSlots = bufferSlotsByNode.get(id) ?? [];
    for (const slot of bufferSlots) buffers[slot.role] = bind.buffer(slot);
    const outs = b.inScope(`${id}.fwd`, () =>
      def.lower({
        b,
        nodeId: id,
        params: check.nodes[id].params,
        inputs,
        weights,
        buffers,
        mode: options.mode,
        setBuffer: (role, next) => {
          const slot = bufferSlots.find((s) => s.role === role);
          if (!slot) throw new CompileError('LAYER_NO_BUFFER', `${node.type} "${id}" has no buffer "${role}"`, id);
          bufferNext.set(slot.name, next);
        },
        random: (shape) => {
          if (!bind.randomness) throw new CompileError('NO_RANDOMNESS', `${node.type} "${id}" draws random numbers, which this program cannot provide`, id);
          const { seed, step, offset } = bind.randomness();
          return uniformNoise(b, seed, step, saltOf(id), shape, offset);
        },
      }),
    );
    for (const [port, v] of Object.entries(outs)) values.set(`${id}:${port}`, v);
    if (def.category === 'loss') loss = { logits: inputs.input!, loss: outs.loss, correct: outs.correct, prediction: outs.prediction };
  }
  swapReluMaxPool(b, forwardStart);
  if (loss) return { ...loss, bufferNext };
  const key = lossInput ? `${lossInput.from.node}:${lossInput.from.port}` : firstTensorOutput(outputNode, values);
  const logits = values.get(key);
  if (!logits) throw new CompileError('GRAPH_NO_OUTPUT', 'The model produces no output');
  return { logits, bufferNext };
}

function groupByNode(layout: TensorLayout): Map<string, TensorSlot[]> {
  const out = new Map<string, TensorSlot[]>();
  for (const s of layout.slots) {
    let list = out.get(s.nodeId);
    if (!list) out.set(s.nodeId, (list = []));
    list.push(s);
  }
  return out;
}

/** The node and every node upstream of it. */
function feeding(target: string, topo: Topology): Set<string> {
  const live = new Set([target]);
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    for (const edges of topo.incoming.get(id)?.values() ?? []) {
      for (const e of edges as DocEdge[]) {
        if (!live.has(e.from.node)) {
          live.add(e.from.node);
          stack.push(e.from.node);
        }
      }
    }
  }
  return live;
}

/** Without a loss, the model's output is the last layer (in order) that nothing consumes. */
function lastLayer(doc: ProjectDocument, check: CheckResult, topo: Topology): string | undefined {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (let i = check.order.length - 1; i >= 0; i--) {
    const id = check.order[i];
    const def = getLayer(byId.get(id)!.type);
    if (def.category !== 'input' && def.category !== 'loss' && topo.outgoing.get(id)!.length === 0) return id;
  }
  return undefined;
}

function firstTensorOutput(id: string, values: Map<string, Value>): string {
  for (const key of values.keys()) if (key.startsWith(`${id}:`) && !key.endsWith(':y')) return key;
  return '';
}
