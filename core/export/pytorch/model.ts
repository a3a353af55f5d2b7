import type { CheckResult } from '../../check/types';
import type { DocNode, ProjectDocument } from '../../graph/document';
import { topology } from '../../graph/topology';
import { CompileError } from '../../ir/errors';
import { getLayer } from '../../layers/index';
import { inputPorts } from '../../layers/ports';
import type { LayerDef, TensorType, TorchContext } from '../../layers/types';
import { className, NameScope } from './names';

/** Finds a layer definition by type: today the built-ins; later also the document's blocks. */
export type LayerResolver = (type: string) => LayerDef;

/** One node inside a module class: its attribute, its definition and its wiring. */
interface ModuleNode {
  node: DocNode;
  attr: string;
  def: LayerDef;
  /** Value keys (`node:port`) feeding each connected input port. */
  sources: Record<string, string>;
  ctx: Omit<TorchContext, 'call' | 'args'>;
  /** Per-sample output shape for the comment, when known. */
  outShape?: number[];
}

/**
 * What one nn.Module class is made of. The top-level model is one; a block definition
 * (a sub-graph with input and output pins) will be another, and its instances nodes whose
 * torch form constructs that class.
 */
interface ModuleSpec {
  className: string;
  doc: string;
  /** forward() arguments: Python name and the value key they stand for. */
  args: { name: string; key: string }[];
  nodes: ModuleNode[];
  /** The value forward() returns. */
  output: string;
}

export interface ModelSource {
  /** Python: helper definitions, then the model class. */
  code: string;
  className: string;
  /** Python: `criterion = …` and `def compute_loss(logits, y)`. */
  loss: string;
  /** Loss over class labels: accuracy (argmax == label) is reported. */
  classification: boolean;
  /** Canvas node id → attribute name (the state_dict prefix of its parameters). */
  attrs: Map<string, string>;
  /** Nodes left out because nothing they compute reaches the loss. */
  unused: string[];
  /** The layers' notes on where the script departs from Wiregrad (TorchForm.note), once each. */
  notes: string[];
}

const key = (node: string, port: string) => `${node}:${port}`;

function unsupported(nodeId: string, message: string): CompileError {
  return new CompileError('TORCH_EXPORT_UNSUPPORTED', message, nodeId);
}

/**
 * The model class of a checked, valid document: every node on the way from Input's `x` to
 * the loss's `input` becomes an attribute named after the node (its label, else its id),
 * and forward() calls them in topological order. The loss becomes `criterion`.
 */
export function emitModel(doc: ProjectDocument, check: CheckResult, resolve: LayerResolver = getLayer): ModelSource {
  const lossId = check.lossNodes[0];
  if (!lossId) throw new CompileError('GRAPH_NO_LOSS', 'The model has no loss; add CrossEntropyLoss or MSELoss to export a training script');
  const topo = topology(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const edgeInto = (id: string, port: string) => topo.incoming.get(id)?.get(port)?.[0];

  const lossNode = byId.get(lossId)!;
  const lossDef = resolve(lossNode.type);
  const logitsEdge = edgeInto(lossId, 'input')!;
  const targetEdge = edgeInto(lossId, 'target')!;
  const input = byId.get(targetEdge.from.node)!;
  if (resolve(input.type).category !== 'input' || targetEdge.from.port !== 'y') {
    throw unsupported(lossId, `${lossNode.type}'s target must be Input's y (the labels) in a PyTorch export`);
  }

  // The nodes the loss input depends on, found backwards along the edges.
  const needed = new Set<string>();
  const stack = [logitsEdge.from.node];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const edges of topo.incoming.get(id)?.values() ?? []) for (const e of edges) stack.push(e.from.node);
  }

  const scope = new NameScope();
  const attrs = new Map<string, string>();
  const nodes: ModuleNode[] = [];
  for (const id of check.order) {
    if (!needed.has(id)) continue;
    const node = byId.get(id)!;
    const def = resolve(node.type);
    if (def.category === 'input') {
      if (id !== input.id) throw unsupported(id, 'A PyTorch export needs a single Input node feeding both the model and the loss target');
      continue;
    }
    const sources: Record<string, string> = {};
    const inputs: Record<string, TensorType | undefined> = {};
    for (const port of inputPorts(def, node.params)) {
      const e = edgeInto(id, port.name);
      if (!e) continue;
      if (e.from.node === input.id && e.from.port === 'y') throw unsupported(id, `${node.type} reads the labels (Input's y); only the loss may in a PyTorch export`);
      sources[port.name] = key(e.from.node, e.from.port);
      inputs[port.name] = check.edges[e.id] ?? undefined;
    }
    const attr = scope.claim(node.label ?? id);
    attrs.set(id, attr);
    nodes.push({ node, attr, def, sources, ctx: { params: check.nodes[id].params, inputs }, outShape: check.nodes[id].outputs[def.outputs[0]?.name]?.shape });
  }
  const unused = check.order.filter((id) => !needed.has(id) && id !== lossId && id !== input.id && resolve(byId.get(id)!.type).category !== 'loss');

  const spec: ModuleSpec = {
    className: className(doc.name, 'Model'),
    doc: `The canvas of "${doc.name}", node by node (attributes are the canvas's names).`,
    args: [{ name: 'x', key: key(input.id, 'x') }],
    nodes,
    output: key(logitsEdge.from.node, logitsEdge.from.port),
  };
  const helpers = new Map<string, string>();
  const code = emitModuleClass(spec, helpers);
  const notes = [...new Set([...nodes.map((n) => n.def), lossDef].map((d) => d.torch?.note).filter((n): n is string => !!n))];
  const loss = emitLoss(lossNode, lossDef, check, { input: check.edges[logitsEdge.id] ?? undefined, target: check.edges[targetEdge.id] ?? undefined }, helpers);
  return {
    code: [...helpers.values(), code].join('\n\n\n'),
    className: spec.className,
    loss,
    classification: check.edges[targetEdge.id]?.dtype === 'int64',
    attrs,
    unused,
    notes,
  };
}

function form(n: { node: DocNode; def: LayerDef }) {
  const f = n.def.torch;
  if (!f) throw new CompileError('TORCH_NO_FORM', `${n.def.type} has no PyTorch form yet, so this project cannot be exported as a PyTorch script`, n.node.id);
  return f;
}

function addHelpers(helpers: Map<string, string>, more: Record<string, string> | undefined): void {
  for (const [name, code] of Object.entries(more ?? {})) if (!helpers.has(name)) helpers.set(name, code.trim());
}

function defaultForward(def: LayerDef, ctx: TorchContext): string {
  return `${ctx.call}(${inputPorts(def, ctx.params).filter((p) => p.name in ctx.args).map((p) => ctx.args[p.name]).join(', ')})`;
}

/**
 * The class text. Forward keeps the PyTorch idiom `x = self.layer(x)` along a chain and
 * names a value after its node only where a later node still needs it (a skip
 * connection), so chains read like a tutorial and DAGs stay correct.
 */
function emitModuleClass(spec: ModuleSpec, helpers: Map<string, string>): string {
  const init: string[] = [];
  const fwd: string[] = [];
  const uses = new Map<string, number>([[spec.output, 1]]);
  for (const n of spec.nodes) for (const k of new Set(Object.values(n.sources))) uses.set(k, (uses.get(k) ?? 0) + 1);
  const varOf = new Map(spec.args.map((a) => [a.key, a.name]));
  let inX: string | undefined = spec.args.find((a) => a.name === 'x')?.key;

  for (const n of spec.nodes) {
    const f = form(n);
    addHelpers(helpers, f.helpers);
    const args = Object.fromEntries(Object.entries(n.sources).map(([port, k]) => [port, varOf.get(k)!]));
    const ctx: TorchContext = { ...n.ctx, call: `self.${n.attr}`, args };
    const inShape = Object.values(n.ctx.inputs)[0]?.shape;
    const shape = n.outShape ? `: ${inShape ? `${inShape.join('×') || 'scalar'} → ` : ''}${n.outShape.join('×')}` : '';
    init.push(`        self.${n.attr} = ${f.module(ctx)}  # ${n.node.id === n.attr ? '' : `${n.node.id}, `}${n.def.type}${shape}`);
    // A frozen canvas layer (trainable: false): no gradient, so optimizers leave it as Wiregrad does.
    if (n.node.trainable === false) init.push(`        self.${n.attr}.requires_grad_(False)  # frozen`);
    const expr = f.forward ? f.forward(ctx) : defaultForward(n.def, ctx);
    for (const k of new Set(Object.values(n.sources))) uses.set(k, uses.get(k)! - 1);
    const outs = n.def.outputs.map((p) => key(n.node.id, p.name));
    let names: string[];
    if (outs.length === 1 && (inX === undefined || uses.get(inX) === 0)) {
      names = ['x'];
      inX = outs[0];
    } else {
      names = outs.length === 1 ? [n.attr] : n.def.outputs.map((p) => `${n.attr}_${p.name}`);
    }
    outs.forEach((k, i) => varOf.set(k, names[i]));
    fwd.push(`        ${names.join(', ')} = ${expr}`);
  }
  return [
    `class ${spec.className}(nn.Module):`,
    `    """${spec.doc}"""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...init,
    '',
    `    def forward(self, ${spec.args.map((a) => a.name).join(', ')}):`,
    ...fwd,
    `        return ${varOf.get(spec.output)}`,
  ].join('\n');
}

function emitLoss(node: DocNode, def: LayerDef, check: CheckResult, inputs: TorchContext['inputs'], helpers: Map<string, string>): string {
  const f = form({ node, def });
  addHelpers(helpers, f.helpers);
  const ctx: TorchContext = { params: check.nodes[node.id].params, inputs, call: 'criterion', args: { input: 'logits', target: 'y' } };
  return [
    `criterion = ${f.module(ctx)}  # canvas node ${node.id} (${def.type})`,
    '',
    '',
    'def compute_loss(logits, y):',
    `    return ${f.forward ? f.forward(ctx) : defaultForward(def, ctx)}`,
  ].join('\n');
}
