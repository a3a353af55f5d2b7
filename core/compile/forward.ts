import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import type { Builder } from '../ir/builder';
import { CompileError } from '../ir/errors';
import type { Value } from '../ir/ir';
import { getLayer } from '../layers/index';
import { topology } from '../graph/topology';
import type { ParamLayout } from './paramLayout';

export interface ForwardOutputs {
  /** The value feeding the loss's `input` port (logits for classification). */
  logits: Value;
  loss?: Value;
  correct?: Value;
  prediction?: Value;
}

/**
 * Lowers every layer (in topological order, inside scope `<nodeId>.fwd`) to primitives.
 * `weightFor` binds each declared parameter to an IR value: a slice of the flat parameter
 * vector for training, an initializer-backed input for export.
 */
export function lowerForward(
  b: Builder,
  doc: ProjectDocument,
  check: CheckResult,
  layout: ParamLayout,
  data: { x: Value; y?: Value },
  weightFor: (slot: ParamLayout['slots'][number]) => Value,
  options: { withLoss: boolean; training: boolean },
): ForwardOutputs {
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const e = errors[0];
    throw new CompileError(e.code, `Cannot compile: ${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`, e.nodeId);
  }
  const lossId = check.lossNodes[0];
  if (options.withLoss && !lossId) throw new CompileError('GRAPH_NO_LOSS', 'The model has no loss');
  const topo = topology(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const values = new Map<string, Value>(); // `${node}:${port}` → value
  let result: ForwardOutputs | null = null;
  const swapped = reluPoolPairs(doc, topo);

  for (const id of check.order) {
    const node = byId.get(id)!;
    const def = getLayer(node.type);
    if (def.category === 'loss' && !options.withLoss) continue;
    const inputs: Record<string, Value | undefined> = {};
    for (const port of def.inputs) {
      const edge = topo.incoming.get(id)!.get(port.name)?.[0];
      if (edge) inputs[port.name] = values.get(`${edge.from.node}:${edge.from.port}`);
    }
    if (def.category === 'input') {
      inputs.x = data.x;
      inputs.y = data.y;
    }
    if (def.category !== 'input' && def.inputs.some((p) => p.required && !inputs[p.name])) continue; // unused branch
    const weights: Record<string, Value> = {};
    for (const slot of layout.slots.filter((s) => s.nodeId === id)) weights[slot.role] = weightFor(slot);
    let outs: Record<string, Value>;
    if (swapped.has(id)) {
      outs = { out: inputs.in! }; // applied after the pool instead, see reluPoolPairs
    } else {
      outs = b.inScope(`${id}.fwd`, () => def.lower({ b, nodeId: id, params: check.nodes[id].params, inputs, weights, training: options.training }));
      const relu = swapped.get(`pool:${id}`);
      if (relu) outs = { out: b.inScope(`${relu}.fwd`, () => b.op1('Relu', [outs.out])) };
    }
    for (const [port, v] of Object.entries(outs)) values.set(`${id}:${port}`, v);
    if (def.category === 'loss') {
      result = { logits: inputs.input!, loss: outs.loss, correct: outs.correct, prediction: outs.prediction };
    }
  }
  if (result) return result;
  // Without a loss, the model output is the value feeding the loss, or else the last layer's.
  const lossInput = lossId ? topo.incoming.get(lossId)?.get('input')?.[0] : undefined;
  const outKey = lossInput ? `${lossInput.from.node}:${lossInput.from.port}` : lastOutputKey(check, values);
  const logits = values.get(outKey);
  if (!logits) throw new CompileError('GRAPH_NO_OUTPUT', 'The model produces no output');
  return { logits };
}

/**
 * ReLU → MaxPool2d pairs are emitted as MaxPool → Relu: the values are identical (max and
 * ReLU commute) and so are the gradients, but the ReLU and its backward mask then touch a
 * tensor 4× smaller (measured: the ConvNet step's Where/Greater time drops accordingly).
 * Map: reluId → poolId and `pool:<poolId>` → reluId.
 */
function reluPoolPairs(doc: ProjectDocument, topo: ReturnType<typeof topology>): Map<string, string> {
  const pairs = new Map<string, string>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const n of doc.nodes) {
    if (n.type !== 'ReLU') continue;
    const out = topo.outgoing.get(n.id) ?? [];
    if (out.length !== 1 || byId.get(out[0].to.node)?.type !== 'MaxPool2d') continue;
    pairs.set(n.id, out[0].to.node);
    pairs.set(`pool:${out[0].to.node}`, n.id);
  }
  return pairs;
}

function lastOutputKey(check: CheckResult, values: Map<string, Value>): string {
  for (let i = check.order.length - 1; i >= 0; i--) {
    const key = [...values.keys()].find((k) => k.startsWith(`${check.order[i]}:`) && !k.endsWith(':y'));
    if (key) return key;
  }
  return '';
}
